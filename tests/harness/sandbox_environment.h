#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "harness/mariadb_sandbox.h"
#include "harness/moto_sandbox.h"

namespace cdc::harness {

// gtest global environments: one server per integration test binary, started before the first test and
// torn down after the last; shared by all tests of the binary. When any test failed, the server's log is
// kept (see MariaDbSandbox). Register one with the macros below at namespace scope in one .cc of the binary:
//
//   LAKEFEED_MARIADB_ENVIRONMENT(cdc::harness::MariaDbSandbox::Variant::kFullMetadata);
//   TEST(Decoder, Something) { MariaDbSandbox& db = SharedMariaDb(); ... }
class MariaDbEnvironment : public ::testing::Environment {
 public:
  explicit MariaDbEnvironment(MariaDbSandbox::Options options) : options_(std::move(options)) {}
  void SetUp() override;
  void TearDown() override;

  // The running server; nullptr when no environment was registered or the server failed to start.
  static MariaDbSandbox* sandbox();

 private:
  MariaDbSandbox::Options options_;
};

class MotoEnvironment : public ::testing::Environment {
 public:
  explicit MotoEnvironment(MotoSandbox::Options options) : options_(options) {}
  void SetUp() override;
  void TearDown() override;
  static MotoSandbox* sandbox();

 private:
  MotoSandbox::Options options_;
};

// Creates the environment object and registers it with gtest; returns it (gtest owns it).
::testing::Environment* RegisterMariaDbEnvironment(MariaDbSandbox::Variant variant);
::testing::Environment* RegisterMariaDbEnvironment(MariaDbSandbox::Options options);
::testing::Environment* RegisterMotoEnvironment(MotoSandbox::Options options = {});

}  // namespace cdc::harness

#define LAKEFEED_MARIADB_ENVIRONMENT(variant_or_options)                 \
  [[maybe_unused]] static ::testing::Environment* const lakefeed_mariadb_env_ = \
      ::cdc::harness::RegisterMariaDbEnvironment(variant_or_options)

#define LAKEFEED_MOTO_ENVIRONMENT(...)                                 \
  [[maybe_unused]] static ::testing::Environment* const lakefeed_moto_env_ = \
      ::cdc::harness::RegisterMotoEnvironment(__VA_ARGS__)

// In a test: the shared server, or a fatal failure when it is not running.
#define LAKEFEED_SHARED_MARIADB(name)                               \
  ::cdc::harness::MariaDbSandbox* name##_ptr_ = ::cdc::harness::MariaDbEnvironment::sandbox(); \
  ASSERT_NE(name##_ptr_, nullptr) << "the MariaDB sandbox did not start";                        \
  ::cdc::harness::MariaDbSandbox& name = *name##_ptr_

#define LAKEFEED_SHARED_MOTO(name)                               \
  ::cdc::harness::MotoSandbox* name##_ptr_ = ::cdc::harness::MotoEnvironment::sandbox(); \
  ASSERT_NE(name##_ptr_, nullptr) << "the moto sandbox did not start";                     \
  ::cdc::harness::MotoSandbox& name = *name##_ptr_
