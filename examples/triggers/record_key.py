"""An example Lambda handler for S3 notifications, as written for AWS: it reads the bucket and the
URL-encoded key of the new object. This one appends "<bucket> <key>" to the file named by the RECORD_FILE
environment variable; a real one would start a Glue job or load the file somewhere."""
import os
from urllib.parse import unquote_plus


def lambda_handler(event, context):
    record = event['Records'][0]
    bucket = record['s3']['bucket']['name']
    key = unquote_plus(record['s3']['object']['key'])
    with open(os.environ['RECORD_FILE'], 'a') as out:
        out.write(f'{bucket} {key}\n')
    return {'statusCode': 200, 'key': key}
