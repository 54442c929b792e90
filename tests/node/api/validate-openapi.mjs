// Validates an OpenAPI document against the OpenAPI specification's schema and resolves its $refs, with
// @apidevtools/swagger-parser (an independent validator). Exit 0 and prints "valid <title> <version>", or exit 1
// with the validator's message.
//
//   node validate-openapi.mjs <openapi.json>
import SwaggerParser from '@apidevtools/swagger-parser';

const [path] = process.argv.slice(2);
try {
  const api = await SwaggerParser.validate(path);
  process.stdout.write(`valid ${api.info.title} ${api.openapi}\n`);
} catch (error) {
  process.stderr.write(`invalid: ${error.message}\n`);
  process.exit(1);
}
