#include "store/s3_xml.h"

#include <gtest/gtest.h>

namespace cdc::store {
namespace {

TEST(S3Xml, ListingsAreRelativeToThePrefixWithoutFolderMarkers) {
  const std::string body =
      "<ListBucketResult><IsTruncated>true</IsTruncated><NextContinuationToken>tok/en=</NextContinuationToken>"
      "<Contents><Key>lake/raw/shop/t/LOAD00000001.csv</Key><LastModified>2026-12-06T22:16:03.000Z</LastModified>"
      "<ETag>&quot;abc&quot;</ETag><Size>1234</Size></Contents>"
      "<Contents><Key>lake/raw/shop/</Key><Size>0</Size></Contents>"                // a console's folder marker
      "<Contents><Key>lake/other/x.csv</Key><Size>1</Size></Contents>"              // outside the prefix
      "<Contents><Key>lake/raw/caf&#xE9; &amp; co.csv</Key><Size>7</Size></Contents>"
      "<Contents><Key>lake/raw/../up.csv</Key><Size>1</Size></Contents>"             // no store names it
      "</ListBucketResult>";
  const ListPage page = ParseListObjectsV2(body, "lake/raw");
  ASSERT_EQ(page.objects.size(), 2u);
  EXPECT_EQ(page.objects[0].key, "shop/t/LOAD00000001.csv");
  EXPECT_EQ(page.objects[0].size, 1234u);
  EXPECT_EQ(page.objects[0].etag, "\"abc\"");
  EXPECT_EQ(page.objects[0].modified_ms, 1796595363000);
  EXPECT_EQ(page.objects[1].key, "caf\xC3\xA9 & co.csv");
  EXPECT_EQ(page.continuation, "tok/en=");
  EXPECT_EQ(ParseListObjectsV2(body, "").objects.size(), 3u);  // the bucket's root: "lake/other/x.csv" too
}

TEST(S3Xml, ElementsEntitiesAndTimes) {
  EXPECT_EQ(XmlElement("<Error><Code>SlowDown</Code></Error>", "Code"), "SlowDown");
  EXPECT_FALSE(XmlElement("<Code>unterminated", "Code").has_value());
  // Numeric entities that are not scalar values stay as written (valid UTF-8 in, valid UTF-8 out).
  EXPECT_EQ(XmlElement("<K>&#0;&#xD800;&#x110000;&#65;&bogus;</K>", "K"), "&#0;&#xD800;&#x110000;A&bogus;");
  EXPECT_EQ(ParseTimeMs("Sun, 06 Dec 2026 22:16:03 GMT"), 1796595363000);
  EXPECT_EQ(ParseTimeMs("yesterday"), 0);
}

}  // namespace
}  // namespace cdc::store
