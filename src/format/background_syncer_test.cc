#include "format/background_syncer.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace cdc::format {
namespace {

size_t OpenDescriptors() {
  size_t count = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) ++count;
  return count;
}

TEST(BackgroundSyncerTest, SyncsDuplicatesAndLeaksNoDescriptor) {
  std::string path = ::testing::TempDir() + "background_syncer_XXXXXX";
  int fd = ::mkstemp(path.data());
  ASSERT_GE(fd, 0);
  const size_t before = OpenDescriptors();
  {
    BackgroundSyncer syncer;
    int first_file = 0;
    int second_file = 0;
    for (int round = 0; round < 50; ++round) {
      ASSERT_EQ(::write(fd, "0123456789", 10), 10);
      syncer.Request(&first_file, fd);  // coalesced while one of the same file waits
      syncer.Request(&second_file, fd);
    }
    ::close(fd);  // the syncer works on its own duplicates
  }  // the destructor drops what waits and joins the thread
  EXPECT_EQ(OpenDescriptors(), before - 1);
  EXPECT_EQ(std::filesystem::file_size(path), 500u);
  std::filesystem::remove(path);
}

TEST(BackgroundSyncerTest, UnusedSyncerStartsNoThread) {
  BackgroundSyncer syncer;  // nothing requested: the destructor has nothing to join
}

}  // namespace
}  // namespace cdc::format
