// One big transaction through the TransactionAssembler: the bound is at most 300 MB RSS for a
// 5M-row transaction. Rows look like sysbench's sbtest rows (id INT, k INT, c CHAR(120), pad
// CHAR(60)), arrive as the decoder hands them over (one reused ChangeBatch per rows event, 40 rows a
// event as with binlog_row_event_max_size 8 KiB), are buffered with the given memory limit (spilled
// past it), and are replayed to a sink at the commit. Prints the peak RSS (getrusage) and the
// throughput of each phase.
//
//   spill_bench [--rows N] [--memory-limit-mb M] [--spill-dir DIR] [--rows-per-event R] [--batch-rows B]

#include <sys/resource.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include "binlog/decoder.h"
#include "capture/transaction_assembler.h"

namespace {

using cdc::Status;
using cdc::model::ChangeBatch;
using cdc::model::ChangeOp;
using cdc::model::RowChange;

struct Options {
  uint64_t rows = 5'000'000;
  uint64_t memory_limit_mb = 64;
  std::string spill_dir = "/tmp";
  uint32_t rows_per_event = 40;
  uint32_t batch_rows = 4096;
};

long PeakRssKb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;  // KiB on Linux
}

// User + system CPU seconds of the process so far: the machine may be shared, so wall time alone can
// mislead.
double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// Counts what the commit hands over and checks that the seqs run without a gap.
class CountingSink : public cdc::capture::CaptureSink {
 public:
  Status OnTransactionBegin(const cdc::capture::TransactionInfo& txn) override {
    next_seq_ = txn.first_seq;
    seq_count_ = txn.seq_count;
    return Status::OK();
  }
  Status OnRows(const ChangeBatch& rows, uint64_t first_seq) override {
    if (first_seq != next_seq_) return Status::Corruption("bench", "seq gap");
    next_seq_ += rows.size();
    rows_ += rows.size();
    ++batches_;
    // Touch the values so that the replayed bytes are really read.
    for (size_t row = 0; row < rows.size(); ++row) checksum_ += rows.column(0).slot(row) + rows.column(2).bytes(row).size();
    return Status::OK();
  }
  Status OnDdl(const cdc::capture::DdlStatement&) override { return Status::OK(); }
  Status OnTransactionEnd(const cdc::capture::TransactionInfo& txn) override {
    if (next_seq_ != txn.first_seq + seq_count_) return Status::Corruption("bench", "seq count");
    return Status::OK();
  }
  Status OnIdle(const cdc::model::ResumePoint&, int64_t) override { return Status::OK(); }

  uint64_t rows() const { return rows_; }
  uint64_t batches() const { return batches_; }
  uint64_t checksum() const { return checksum_; }

 private:
  uint64_t next_seq_ = 0;
  uint64_t seq_count_ = 0;
  uint64_t rows_ = 0;
  uint64_t batches_ = 0;
  uint64_t checksum_ = 0;
};

cdc::model::TableSchemaPtr SbtestSchema() {
  auto schema = std::make_shared<cdc::model::TableSchema>();
  schema->schema_name = "sbtest";
  schema->table_name = "sbtest1";
  auto column = [](const char* name, cdc::model::FieldType type, cdc::model::ValueKind kind) {
    cdc::model::ColumnSchema out;
    out.name = name;
    out.type = type;
    out.kind = kind;
    out.nullable = false;
    return out;
  };
  schema->columns = {column("id", cdc::model::FieldType::kLong, cdc::model::ValueKind::kInt64),
                     column("k", cdc::model::FieldType::kLong, cdc::model::ValueKind::kInt64),
                     column("c", cdc::model::FieldType::kString, cdc::model::ValueKind::kString),
                     column("pad", cdc::model::FieldType::kString, cdc::model::ValueKind::kString)};
  schema->columns[0].in_primary_key = true;
  schema->primary_key = {0};
  return schema;
}

// sysbench's c / pad: groups of 11 random digits joined by '-'.
void FillDigits(uint64_t* state, char* out, size_t size) {
  for (size_t i = 0; i < size; ++i) {
    if (i % 12 == 11) {
      out[i] = '-';
      continue;
    }
    *state = *state * 6364136223846793005ull + 1442695040888963407ull;
    out[i] = static_cast<char>('0' + (*state >> 33) % 10);
  }
}

bool ParseArgs(int argc, char** argv, Options* options) {
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    const char* value = argv[i + 1];
    if (flag == "--rows") {
      options->rows = std::strtoull(value, nullptr, 10);
    } else if (flag == "--memory-limit-mb") {
      options->memory_limit_mb = std::strtoull(value, nullptr, 10);
    } else if (flag == "--spill-dir") {
      options->spill_dir = value;
    } else if (flag == "--rows-per-event") {
      options->rows_per_event = static_cast<uint32_t>(std::strtoul(value, nullptr, 10));
    } else if (flag == "--batch-rows") {
      options->batch_rows = static_cast<uint32_t>(std::strtoul(value, nullptr, 10));
    } else {
      return false;
    }
  }
  return (argc % 2) == 1 && options->rows_per_event > 0;
}

int Fail(const Status& status) {
  std::fprintf(stderr, "spill_bench: %s\n", status.ToString().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (!ParseArgs(argc, argv, &options)) {
    std::fprintf(stderr,
                 "usage: spill_bench [--rows N] [--memory-limit-mb M] [--spill-dir DIR] [--rows-per-event R] "
                 "[--batch-rows B]\n");
    return 2;
  }
  const long rss_start_kb = PeakRssKb();

  CountingSink sink;
  cdc::capture::AssemblerOptions assembler_options;
  assembler_options.memory_limit_bytes = options.memory_limit_mb << 20;
  assembler_options.spill_dir = options.spill_dir;
  assembler_options.batch_rows = options.batch_rows;
  cdc::capture::CaptureState start;
  start.position.file = "binlog.000001";
  cdc::capture::TransactionAssembler assembler(assembler_options, start, &sink);

  cdc::binlog::DecodedEvent event;
  event.file = "binlog.000001";
  uint64_t offset = 4;
  auto feed = [&](cdc::binlog::EventBody body, uint8_t type, uint32_t size) {
    event.header.timestamp = 1700000000;
    event.header.type_code = type;
    event.header.event_size = size;
    event.header.log_pos = static_cast<uint32_t>(offset + size);
    event.offset = offset;
    event.body = std::move(body);
    offset += size;
    return assembler.OnEvent(event);
  };

  cdc::binlog::GtidEvent anonymous;
  anonymous.anonymous = true;
  Status status = feed(anonymous, 34, 79);
  cdc::binlog::QueryEvent begin;
  begin.query = "BEGIN";
  if (status.ok()) status = feed(begin, 2, 75);
  if (!status.ok()) return Fail(status);

  // The rows: one batch reused per rows event, as the decoder does.
  ChangeBatch batch(SbtestSchema());
  uint64_t rng = 42;
  char c[119];
  char pad[59];
  uint64_t peak_memory = 0;
  uint64_t peak_disk = 0;
  const auto feed_start = std::chrono::steady_clock::now();
  const double feed_cpu_start = CpuSeconds();
  double generate_cpu = 0;  // making the rows (not the assembler's work)
  uint64_t id = 0;
  while (id < options.rows) {
    const double generate_start = CpuSeconds();
    batch.Clear();
    cdc::model::ChangeOrigin origin;
    origin.position = {"binlog.000001", offset, ""};
    origin.timestamp = 1700000000;
    batch.AddOrigin(std::move(origin));
    const uint64_t in_event = std::min<uint64_t>(options.rows_per_event, options.rows - id);
    for (uint64_t row = 0; row < in_event; ++row) {
      ++id;
      FillDigits(&rng, c, sizeof(c));
      FillDigits(&rng, pad, sizeof(pad));
      batch.column(0).AppendSlot(id);
      batch.column(1).AppendSlot(rng % 5'000'000);
      batch.column(2).AppendBytes(std::string_view(c, sizeof(c)));
      batch.column(3).AppendBytes(std::string_view(pad, sizeof(pad)));
      batch.AddChange(RowChange{ChangeOp::kInsert, RowChange::kNoImage, batch.FinishImage(), 0});
    }
    generate_cpu += CpuSeconds() - generate_start;
    cdc::binlog::RowsEventHeader rows_header;
    const uint32_t event_size = static_cast<uint32_t>(30 + in_event * 190);
    status = feed(rows_header, 30, event_size);
    if (status.ok()) status = assembler.OnRows(event, batch);
    if (!status.ok()) return Fail(status);
    peak_memory = std::max(peak_memory, assembler.memory_bytes());
    peak_disk = std::max(peak_disk, assembler.disk_bytes());
  }
  const double feed_seconds = Seconds(feed_start);
  const double feed_cpu = CpuSeconds() - feed_cpu_start - generate_cpu;
  const long rss_after_feed_kb = PeakRssKb();

  const auto commit_start = std::chrono::steady_clock::now();
  const double commit_cpu_start = CpuSeconds();
  status = feed(cdc::binlog::XidEvent{1}, 16, 31);
  if (!status.ok()) return Fail(status);
  const double commit_seconds = Seconds(commit_start);
  const double commit_cpu = CpuSeconds() - commit_cpu_start;
  const long rss_peak_kb = PeakRssKb();

  if (sink.rows() != options.rows) return Fail(Status::Corruption("bench", "row count"));
  const double total = feed_seconds + commit_seconds;
  std::printf("rows                      %llu in one transaction (%u rows per rows event)\n",
              static_cast<unsigned long long>(options.rows), options.rows_per_event);
  std::printf("memory limit              %llu MiB, spill dir %s\n",
              static_cast<unsigned long long>(options.memory_limit_mb), options.spill_dir.c_str());
  std::printf("buffered: memory peak     %.1f MiB, spill file %.1f MiB\n", peak_memory / 1048576.0,
              peak_disk / 1048576.0);
  std::printf("buffering (incl. spill)   %.2f s wall (with row generation), %.2f s CPU (without): %.0f rows/s per core\n",
              feed_seconds, feed_cpu, options.rows / feed_cpu);
  std::printf("commit replay to sink     %.2f s wall, %.2f s CPU: %.0f rows/s per core, %llu batches\n", commit_seconds,
              commit_cpu, options.rows / commit_cpu, static_cast<unsigned long long>(sink.batches()));
  std::printf("total                     %.2f s wall, %.2f s CPU in the assembler: %.0f rows/s per core\n", total,
              feed_cpu + commit_cpu, options.rows / (feed_cpu + commit_cpu));
  std::printf("peak RSS                  %.1f MiB (at start %.1f MiB, after buffering %.1f MiB)\n",
              rss_peak_kb / 1024.0, rss_start_kb / 1024.0, rss_after_feed_kb / 1024.0);
  std::printf("checksum                  %llu\n", static_cast<unsigned long long>(sink.checksum()));
  return 0;
}
