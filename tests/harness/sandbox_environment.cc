#include "harness/sandbox_environment.h"

namespace cdc::harness {
namespace {

std::unique_ptr<MariaDbSandbox>& SharedMariaDbSlot() {
  static std::unique_ptr<MariaDbSandbox> slot;
  return slot;
}

std::unique_ptr<MotoSandbox>& SharedMotoSlot() {
  static std::unique_ptr<MotoSandbox> slot;
  return slot;
}

bool AnyTestFailed() { return ::testing::UnitTest::GetInstance()->failed_test_count() > 0; }

}  // namespace

void MariaDbEnvironment::SetUp() {
  Result<std::unique_ptr<MariaDbSandbox>> started = MariaDbSandbox::Start(options_);
  ASSERT_TRUE(started.ok()) << "starting the MariaDB sandbox: " << started.status().ToString();
  SharedMariaDbSlot() = std::move(started).value();
  std::fprintf(stderr, "[sandbox] MariaDB (%s row metadata) on 127.0.0.1:%u, dir %s\n",
               std::string(ToString(SharedMariaDbSlot()->variant())).c_str(), SharedMariaDbSlot()->port(),
               SharedMariaDbSlot()->dir().c_str());
}

void MariaDbEnvironment::TearDown() {
  std::unique_ptr<MariaDbSandbox>& slot = SharedMariaDbSlot();
  if (slot == nullptr) return;
  if (AnyTestFailed()) slot->MarkFailed();
  slot.reset();
}

MariaDbSandbox* MariaDbEnvironment::sandbox() { return SharedMariaDbSlot().get(); }

void MotoEnvironment::SetUp() {
  Result<std::unique_ptr<MotoSandbox>> started = MotoSandbox::Start(options_);
  ASSERT_TRUE(started.ok()) << "starting the moto sandbox: " << started.status().ToString();
  SharedMotoSlot() = std::move(started).value();
  std::fprintf(stderr, "[sandbox] moto S3 on %s\n", SharedMotoSlot()->endpoint().c_str());
}

void MotoEnvironment::TearDown() {
  std::unique_ptr<MotoSandbox>& slot = SharedMotoSlot();
  if (slot == nullptr) return;
  if (AnyTestFailed()) slot->MarkFailed();
  slot.reset();
}

MotoSandbox* MotoEnvironment::sandbox() { return SharedMotoSlot().get(); }

::testing::Environment* RegisterMariaDbEnvironment(MariaDbSandbox::Variant variant) {
  MariaDbSandbox::Options options;
  options.variant = variant;
  return RegisterMariaDbEnvironment(std::move(options));
}

::testing::Environment* RegisterMariaDbEnvironment(MariaDbSandbox::Options options) {
  return ::testing::AddGlobalTestEnvironment(new MariaDbEnvironment(std::move(options)));
}

::testing::Environment* RegisterMotoEnvironment(MotoSandbox::Options options) {
  return ::testing::AddGlobalTestEnvironment(new MotoEnvironment(options));
}

}  // namespace cdc::harness
