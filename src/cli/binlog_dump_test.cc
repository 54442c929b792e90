#include "cli/binlog_dump.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace cdc::cli {
namespace {

const std::string kMysqlDir = std::string(LAKEFEED_TESTDATA_DIR) + "/binlog/mysql/";

// Runs the dump into a temporary file and returns what it wrote.
std::string Dump(const BinlogDumpOptions& options, Status* status) {
  std::FILE* out = std::tmpfile();
  *status = RunBinlogDump(options, out);
  std::fflush(out);
  std::rewind(out);
  std::string text;
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof(buffer), out)) > 0) text.append(buffer, n);
  std::fclose(out);
  return text;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// mysql-bin.000080 (MySQL 8.0, GTIDs, no column names): EXPECTED.md lists 4 DELETE rows, 2
// INSERTs on a.b and the INSERT (2, '') on a.emoji.
TEST(BinlogDumpTest, DecodesARecordedFile) {
  BinlogDumpOptions options;
  options.files = {kMysqlDir + "mysql-bin.000080"};
  Status status;
  std::vector<std::string> lines = Lines(Dump(options, &status));
  ASSERT_TRUE(status.ok()) << status.ToString();
  ASSERT_EQ(lines.size(), 7u);
  EXPECT_EQ(lines[0],
            R"({"op":"D","schema":"a","table":"b","gtid":"58cf6502-63db-11ed-8079-0242ac110002:53",)"
            R"("file":"mysql-bin.000080","pos":369,"end_log_pos":414,"ts":1669270045,"before":{"@1":"12"},"after":null})");
  EXPECT_EQ(lines[6],
            R"({"op":"I","schema":"a","table":"emoji","gtid":"58cf6502-63db-11ed-8079-0242ac110002:62",)"
            R"("file":"mysql-bin.000080","pos":2381,"end_log_pos":2423,"ts":1669286059,"before":null,)"
            R"("after":{"@1":"2","@2":""}})");
}

TEST(BinlogDumpTest, TableFilterKeepsOnlyThatTable) {
  BinlogDumpOptions options;
  options.files = {kMysqlDir + "mysql-bin.000080"};
  options.tables = {"a.emoji"};
  Status status;
  std::vector<std::string> lines = Lines(Dump(options, &status));
  ASSERT_TRUE(status.ok()) << status.ToString();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find(R"("table":"emoji")"), std::string::npos);
}

TEST(BinlogDumpTest, EventsComeBeforeTheirRows) {
  BinlogDumpOptions options;
  options.files = {kMysqlDir + "mysql-bin.000080"};
  options.events = true;
  Status status;
  std::vector<std::string> lines = Lines(Dump(options, &status));
  ASSERT_TRUE(status.ok()) << status.ToString();
  size_t row_lines = 0;
  for (size_t line_idx = 0; line_idx < lines.size(); ++line_idx) {
    if (lines[line_idx].starts_with(R"({"op":)")) {
      ++row_lines;
      // The line before a row is its rows event, or another row of the same event.
      ASSERT_GT(line_idx, 0u);
      const std::string& previous = lines[line_idx - 1];
      EXPECT_TRUE(previous.find(R"("event":"Delete_rows)") != std::string::npos ||
                  previous.find(R"("event":"Write_rows)") != std::string::npos || previous.starts_with(R"({"op":)"))
          << previous;
    }
  }
  EXPECT_EQ(row_lines, 7u);
  EXPECT_GT(lines.size(), 7u);
}

TEST(BinlogDumpTest, CorruptFileErrorNamesFileAndOffset) {
  std::string path = ::testing::TempDir() + "/cli_corrupt.000001";
  {
    std::ifstream in(kMysqlDir + "mysql-bin.000080", std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ASSERT_GT(bytes.size(), 400u);
    bytes[380] = static_cast<char>(bytes[380] ^ 0x55);  // inside the DELETE_ROWS event at 369
    std::ofstream out(path, std::ios::binary);
    out << bytes;
  }
  BinlogDumpOptions options;
  options.files = {path};
  Status status;
  Dump(options, &status);
  ASSERT_FALSE(status.ok());
  EXPECT_TRUE(status.IsCorruption()) << status.ToString();
  EXPECT_NE(status.message().find("cli_corrupt.000001"), std::string::npos) << status.ToString();
  EXPECT_NE(status.message().find("369"), std::string::npos) << status.ToString();
}

TEST(BinlogDumpOptionsTest, RejectsInconsistentOptions) {
  BinlogDumpOptions options;
  EXPECT_TRUE(ValidateBinlogDumpOptions(options).IsInvalidArgument());  // no input
  options.files = {"x"};
  EXPECT_TRUE(ValidateBinlogDumpOptions(options).ok());
  options.host = "127.0.0.1";
  EXPECT_TRUE(ValidateBinlogDumpOptions(options).IsInvalidArgument());  // files and --host
  options.files.clear();
  EXPECT_TRUE(ValidateBinlogDumpOptions(options).ok());
  options.tls_mode = "sometimes";
  EXPECT_TRUE(ValidateBinlogDumpOptions(options).IsInvalidArgument());
  options.tls_mode = "required";
  options.tables = {"no_dot"};
  EXPECT_TRUE(ValidateBinlogDumpOptions(options).IsInvalidArgument());
  options.tables = {"db.t"};
  EXPECT_TRUE(ValidateBinlogDumpOptions(options).ok());
  BinlogDumpOptions offline;
  offline.files = {"x"};
  offline.follow = true;
  EXPECT_TRUE(ValidateBinlogDumpOptions(offline).IsInvalidArgument());  // --follow needs --host
}

struct CommandRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs the lakefeed executable with `args`, capturing stdout and stderr.
CommandRun RunLakefeed(const std::string& args) {
  std::string dir = ::testing::TempDir();
  std::string out_path = dir + "/cli_stdout.txt";
  std::string err_path = dir + "/cli_stderr.txt";
  std::string command = std::string(LAKEFEED_BINARY) + " " + args + " >" + out_path + " 2>" + err_path;
  CommandRun run;
  int status = std::system(command.c_str());
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream out(out_path), err(err_path);
  run.out.assign(std::istreambuf_iterator<char>(out), std::istreambuf_iterator<char>());
  run.err.assign(std::istreambuf_iterator<char>(err), std::istreambuf_iterator<char>());
  return run;
}

TEST(LakefeedExecutableTest, VersionAndHelp) {
  CommandRun version = RunLakefeed("--version");
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_TRUE(version.out.starts_with("lakefeed ")) << version.out;
  CommandRun help = RunLakefeed("--help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("binlog-dump"), std::string::npos);
  CommandRun dump_help = RunLakefeed("binlog-dump --help");
  EXPECT_EQ(dump_help.exit_code, 0);
  EXPECT_NE(dump_help.out.find("--start-gtid"), std::string::npos);
}

TEST(LakefeedExecutableTest, BadUsageExitsWithTwo) {
  EXPECT_EQ(RunLakefeed("").exit_code, 2);
  EXPECT_EQ(RunLakefeed("no-such-command").exit_code, 2);
  EXPECT_EQ(RunLakefeed("binlog-dump --no-such-flag x").exit_code, 2);
  CommandRun no_input = RunLakefeed("binlog-dump");
  EXPECT_EQ(no_input.exit_code, 2);
  EXPECT_NE(no_input.err.find("Usage"), std::string::npos) << no_input.err;
  EXPECT_EQ(RunLakefeed("binlog-dump --port notanumber --host h").exit_code, 2);
  EXPECT_EQ(RunLakefeed("binlog-dump --table nodot x").exit_code, 2);
}

TEST(LakefeedExecutableTest, ErrorsExitWithOneAndSayWhere) {
  CommandRun missing = RunLakefeed("binlog-dump /nonexistent/binlog.000001");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_TRUE(missing.err.starts_with("lakefeed: error: ")) << missing.err;
  EXPECT_NE(missing.err.find("/nonexistent/binlog.000001"), std::string::npos) << missing.err;
}

TEST(LakefeedExecutableTest, PrintsRows) {
  CommandRun run = RunLakefeed("binlog-dump " + kMysqlDir + "mysql-bin.000080");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(Lines(run.out).size(), 7u);
  // Each --table takes one value, so FILEs may follow it.
  CommandRun filtered = RunLakefeed("binlog-dump --table a.emoji --table a.none " + kMysqlDir + "mysql-bin.000080");
  EXPECT_EQ(filtered.exit_code, 0) << filtered.err;
  EXPECT_EQ(Lines(filtered.out).size(), 1u);
}

}  // namespace
}  // namespace cdc::cli
