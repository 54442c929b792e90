#include "model/source_position.h"

#include <gtest/gtest.h>

namespace cdc::model {
namespace {

TEST(CompareBinlogPlacesTest, OrdersByFileNumberThenOffset) {
  EXPECT_EQ(CompareBinlogPlaces("binlog.000002", 4, "binlog.000002", 4), 0);
  EXPECT_LT(CompareBinlogPlaces("binlog.000002", 4, "binlog.000002", 5), 0);
  EXPECT_GT(CompareBinlogPlaces("binlog.000003", 4, "binlog.000002", 900), 0);
  // Past six digits the servers keep counting: .1000000 follows .999999.
  EXPECT_LT(CompareBinlogPlaces("binlog.999999", 900, "binlog.1000000", 4), 0);
  EXPECT_GT(CompareBinlogPlaces("binlog.1000000", 4, "binlog.999999", 900), 0);
  // Without a numeric extension: text order, still a total order.
  EXPECT_LT(CompareBinlogPlaces("a", 9, "b", 4), 0);
  EXPECT_GT(CompareBinlogPlaces("x.000001", 4, "log", 4), 0);
}

}  // namespace
}  // namespace cdc::model
