#include "lake/lake_writer.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <random>
#include <utility>

#include "base/clock.h"
#include "base/logging.h"
#include "format/background_syncer.h"
#include "lake/checkpoint.h"
#include "lake/layout.h"

namespace cdc::lake {
namespace {

// Checkpoints kept in the store: the latest is all a restart needs; a few more help a human
// looking back at what was committed when.
constexpr uint64_t kCheckpointsKept = 10;
// Full-load rows go to the writer in slices of at most this many, sized from the average row so
// far, so that a file rolls over close to the first row that reaches MaxFileSize even when the
// caller hands over a large batch.
constexpr size_t kLoadSliceRows = 1024;

// 16 hex digits that differ between runs, so that a stale run's staging uploads never land on
// the keys of the live run's.
std::string NewRunId() {
  std::random_device device;
  uint64_t id = (uint64_t{device()} << 32) ^ device() ^ static_cast<uint64_t>(WallClockMs());
  char text[24];
  std::snprintf(text, sizeof(text), "%016" PRIx64, id);
  return text;
}

// Spool files are "<number>-<counter>.<extension>"; only those are ever deleted from the spool dir,
// so that a spool dir pointed at the wrong place loses nothing else.
bool IsSpoolFileName(std::string_view name) {
  size_t dash = name.find('-');
  size_t dot = name.find('.');
  if (dash == 0 || dash == std::string_view::npos || dot == std::string_view::npos || dot <= dash + 1 ||
      dot + 1 == name.size()) {
    return false;
  }
  for (size_t char_idx = 0; char_idx < dot; ++char_idx) {
    if (char_idx != dash && (name[char_idx] < '0' || name[char_idx] > '9')) return false;
  }
  return true;
}

bool SamePosition(const model::ResumePoint& a, const model::ResumePoint& b) {
  return a.file == b.file && a.offset == b.offset && a.gtid == b.gtid;
}

// The checkpoint numbers in the store, ascending. Directory markers ("…/") are skipped; any other
// key that is not a checkpoint name is Corruption, since recovery must not guess.
Result<std::vector<uint64_t>> ListCheckpoints(store::ObjectStore& store) {
  CDC_ASSIGN_OR_RETURN(std::vector<store::ObjectInfo> objects, store::ListAll(store, kCheckpointPrefix));
  std::vector<uint64_t> numbers;
  for (const store::ObjectInfo& object : objects) {
    if (object.key.ends_with('/')) continue;
    std::optional<uint64_t> number = ParseCheckpointKey(object.key);
    if (!number.has_value()) {
      return Status::Corruption("lake " + store.url(), "\"" + object.key + "\" is not a checkpoint name");
    }
    numbers.push_back(*number);
  }
  std::sort(numbers.begin(), numbers.end());
  return numbers;
}

Result<Checkpoint> ReadCheckpoint(store::ObjectStore& store, uint64_t number) {
  std::string key = CheckpointKey(number);
  Result<std::string> text = store.Get(key);
  if (!text.ok()) return text.status().WithContext("read checkpoint " + key);
  return DecodeCheckpoint(*text, key);
}

// A change file being written in the spool, then waiting for its flush.
struct SpoolFile {
  std::string table;      // source table "schema.table"
  std::string folder;     // target table folder "<target_schema>/<target_table>"
  std::string partition;  // date folders below it; empty without date partitioning and for LOAD files
  format::FileKind kind = format::FileKind::kCdc;
  model::TableProjectionPtr projection;
  int64_t period = 0;  // DatePartitioning::Period of its changes (0 without partitioning)
  std::string path;
  std::unique_ptr<format::ChangeFileWriter> writer;  // null once finished
  std::string extension;
  uint64_t rows = 0;
  uint64_t bytes = 0;
  uint64_t first_seq = 0;
  uint64_t last_seq = 0;
  bool has_changes = false;
};

// One flush from the moment its files are named until its publish is done. Kept across a failed
// Flush so that the retry uploads, commits and publishes exactly the same thing.
struct PreparedCommit {
  Checkpoint checkpoint;
  std::vector<std::string> spool_paths;  // parallel to checkpoint.files
  std::vector<std::string> dropped_paths;  // spool files without rows: never uploaded
  std::vector<std::pair<std::string, std::string>> schema_records;  // key, JSON
  std::string checkpoint_json;  // encoded once, after the uploads gave the etags
  size_t uploaded = 0;
  size_t records_written = 0;
  bool committed = false;
  size_t published = 0;
};

}  // namespace

struct LakeWriter::Impl {
  store::ObjectStore* store = nullptr;
  LakeSettings settings;
  bool partitioned = false;
  DatePartitioning partitioning;
  std::string spool_extension;
  // When the store links spool files into place rather than copying them (file:// on the spool's
  // file system), their data is synced in the background while they grow (FileOptions).
  std::unique_ptr<format::BackgroundSyncer> syncer;
  format::FileOptions spool_file_options;
  std::string run_id = NewRunId();

  bool recovered = false;
  // Checkpoints before `retain_from` may be pruned (RetainCheckpointsFrom); those before
  // `lowest_kept` already are.
  uint64_t retain_from = std::numeric_limits<uint64_t>::max();
  uint64_t lowest_kept = 1;
  Status stopped;  // once not OK, every call returns it
  int lock_fd = -1;
  uint64_t spool_counter = 0;

  std::map<std::string, SpoolFile, std::less<>> open;  // by source table
  std::vector<SpoolFile> finished;                     // in the order they were finished
  std::string key_buffer;                              // reused for the source table key
  std::optional<int64_t> first_pending_ms;
  std::vector<std::pair<std::string, std::string>> pending_records;  // key, JSON
  uint64_t record_seq = 0;
  uint32_t record_index = 0;
  std::map<std::string, TableStats> stats;
  std::string full_load_state;
  Checkpoint last;
  std::optional<PreparedCommit> commit;
  std::vector<ObjectCreatedEvent> events;

  ~Impl() {
    if (lock_fd >= 0) ::close(lock_fd);
  }

  int64_t NowMs() const { return settings.now_ms ? settings.now_ms() : WallClockMs(); }

  Status Stop(Status status) {
    stopped = status;
    return status;
  }

  Status CheckUsable() const {
    if (!recovered) return Status::InvalidArgument("lake writer", "Recover() must succeed before anything else");
    return stopped;
  }

  Status ValidateSettings();
  Status LockAndClearSpool();
  Result<std::map<std::string, SpoolFile, std::less<>>::iterator> OpenFile(const model::TableProjectionPtr& projection,
                                                                           format::FileKind kind, int64_t period,
                                                                           int64_t commit_time_us);
  Status Write(SpoolFile& file, const model::ChangeBatch& rows, size_t begin, size_t end,
               const format::ChangeContext& context);
  Status FinishFile(std::map<std::string, SpoolFile, std::less<>>::iterator it);
  size_t LoadSliceRows(const SpoolFile& file, uint64_t max_bytes) const;
  Status Prepare(const model::ResumePoint& position, uint64_t next_seq, int64_t commit_time_us,
                 const model::ResumePoint& emitted_through);
  Status RunCommit();
  Status PutIfAbsentOrSame(const std::string& key, const std::string& data, std::string_view what);
  void QueueEvents(const Checkpoint& checkpoint);
};

Status LakeWriter::Impl::ValidateSettings() {
  if (settings.format != "csv" && settings.format != "parquet") {
    return Status::InvalidArgument("DataFormat", "\"" + settings.format + "\"; expected csv or parquet");
  }
  if (settings.format == "parquet") CDC_RETURN_IF_ERROR(format::ValidateParquetSettings(settings.parquet));
  CDC_ASSIGN_OR_RETURN(partitioning.sequence, ParseDatePartitionSequence(settings.date_partition_sequence));
  CDC_ASSIGN_OR_RETURN(partitioning.delimiter, ParseDatePartitionDelimiter(settings.date_partition_delimiter));
  partitioned = settings.date_partition_enabled;
  if (settings.max_file_size_kb == 0) return Status::InvalidArgument("MaxFileSize", "must be at least 1 (KB)");
  if (settings.spool_dir.empty()) return Status::InvalidArgument("lake spool dir", "is empty");
  spool_extension = settings.format == "parquet"                                ? "parquet"
                    : settings.output.compression == format::Compression::kGzip ? "csv.gz"
                                                                                  : "csv";
  return Status::OK();
}

Status LakeWriter::Impl::LockAndClearSpool() {
  namespace fs = std::filesystem;
  std::error_code error;
  fs::create_directories(settings.spool_dir, error);
  if (error) return Status::IOError("create spool dir " + settings.spool_dir, error.message());
  if (lock_fd < 0) {
    std::string lock_path = settings.spool_dir + "/LOCK";
    int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return Status::IOError("open " + lock_path, std::strerror(errno));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      int err = errno;
      ::close(fd);
      if (err == EWOULDBLOCK) {
        return Status::Conflict("spool dir " + settings.spool_dir,
                                "another lakefeed writer holds its LOCK; two tasks must not share a work dir");
      }
      return Status::IOError("lock " + lock_path, std::strerror(err));
    }
    lock_fd = fd;
  }
  // Whatever a crashed run left here was never committed: the replay writes it again.
  for (fs::directory_iterator it(settings.spool_dir, error), end; !error && it != end; it.increment(error)) {
    if (!it->is_regular_file(error) || !IsSpoolFileName(it->path().filename().string())) continue;
    std::error_code remove_error;
    fs::remove(it->path(), remove_error);
    if (remove_error) return Status::IOError("remove spool file " + it->path().string(), remove_error.message());
  }
  if (error) return Status::IOError("list spool dir " + settings.spool_dir, error.message());
  if (store->CanShareFilesIn(settings.spool_dir)) {
    syncer = std::make_unique<format::BackgroundSyncer>();
    spool_file_options.background_syncer = syncer.get();
  }
  return Status::OK();
}

Result<std::map<std::string, SpoolFile, std::less<>>::iterator> LakeWriter::Impl::OpenFile(
    const model::TableProjectionPtr& projection, format::FileKind kind, int64_t period, int64_t commit_time_us) {
  SpoolFile file;
  file.table = key_buffer;
  CDC_ASSIGN_OR_RETURN(file.folder, TableFolder(projection->target_schema, projection->target_table));
  if (kind == format::FileKind::kCdc && partitioned) file.partition = partitioning.Folder(commit_time_us);
  file.kind = kind;
  file.projection = projection;
  file.period = period;
  file.path = settings.spool_dir + "/" + std::to_string(last.number + 1) + "-" + std::to_string(++spool_counter) + "." +
              spool_extension;
  // A file left at this name may share its data with a staged or published object (a sealed spool
  // file is linked, not copied): truncating it in place would change that object. A new inode it is.
  if (::unlink(file.path.c_str()) != 0 && errno != ENOENT) {
    return Status::IOError("remove old spool file " + file.path, std::strerror(errno));
  }
  Result<std::unique_ptr<format::ChangeFileWriter>> writer =
      settings.format == "parquet"
          ? format::OpenParquetWriter(file.path, kind, projection, settings.output, settings.parquet, spool_file_options)
          : format::OpenCsvWriter(file.path, kind, projection, settings.output, settings.csv, spool_file_options);
  if (!writer.ok()) return writer.status().WithContext("spool file for " + file.table);
  file.writer = std::move(*writer);
  return open.emplace(file.table, std::move(file)).first;
}

Status LakeWriter::Impl::Write(SpoolFile& file, const model::ChangeBatch& rows, size_t begin, size_t end,
                               const format::ChangeContext& context) {
  Status written = file.writer->Append(rows, begin, end, context);
  // A half-written spool file cannot be trusted: stop; the restart replays from the checkpoint.
  if (!written.ok()) return Stop(written.WithContext("spool file " + file.path));
  if (!file.has_changes) {
    file.first_seq = context.first_seq;
    file.has_changes = true;
  }
  file.last_seq = context.first_seq + (end - begin) - 1;
  if (!first_pending_ms.has_value()) first_pending_ms = NowMs();
  return Status::OK();
}

Status LakeWriter::Impl::FinishFile(std::map<std::string, SpoolFile, std::less<>>::iterator it) {
  SpoolFile& file = it->second;
  Status finished_status = file.writer->Finish();
  if (!finished_status.ok()) return Stop(finished_status.WithContext("spool file " + file.path));
  file.rows = file.writer->rows_written();
  file.bytes = file.writer->bytes_written();
  file.extension = std::string(file.writer->extension());
  file.writer.reset();
  finished.push_back(std::move(file));
  open.erase(it);
  return Status::OK();
}

size_t LakeWriter::Impl::LoadSliceRows(const SpoolFile& file, uint64_t max_bytes) const {
  if (!file.has_changes) return 1;  // learn the size of a row first
  uint64_t written = file.writer->bytes_written();
  // Compressed output shows no bytes until the compressor emits a block: no estimate yet.
  if (written == 0) return kLoadSliceRows;
  uint64_t rows = std::max<uint64_t>(1, file.writer->rows_written());
  uint64_t row_bytes = std::max<uint64_t>(1, written / rows);
  uint64_t room = max_bytes > written ? max_bytes - written : 0;
  // Half of what seems to fit: rows vary in size, and the slices shrink towards the limit.
  return static_cast<size_t>(std::clamp<uint64_t>(room / row_bytes / 2, 1, kLoadSliceRows));
}

Status LakeWriter::Impl::Prepare(const model::ResumePoint& position, uint64_t next_seq, int64_t commit_time_us,
                                 const model::ResumePoint& emitted_through) {
  while (!open.empty()) CDC_RETURN_IF_ERROR(FinishFile(open.begin()));

  PreparedCommit prepared;
  Checkpoint& checkpoint = prepared.checkpoint;
  checkpoint.number = last.number + 1;
  checkpoint.position = position;
  checkpoint.emitted_through = emitted_through;
  checkpoint.next_seq = next_seq;
  checkpoint.commit_time_us = commit_time_us;
  int64_t now = NowMs();
  checkpoint.written_ms = now;
  checkpoint.last_names = last.last_names;
  checkpoint.load_counters = last.load_counters;
  // The previous checkpoint's files join the seqs earlier checkpoints committed (unknown stays unknown: a
  // lake older than the record).
  if (last.number == 0 || last.earlier_last_seqs) {
    checkpoint.earlier_last_seqs = last.earlier_last_seqs.value_or(std::map<std::string, uint64_t>{});
    for (const CommittedFile& file : last.files) {
      Result<std::string> folder = TableFolderOfKey(file.key);
      if (!folder.ok()) return Stop(folder.status());
      uint64_t& seq = (*checkpoint.earlier_last_seqs)[*folder];
      seq = std::max(seq, file.last_seq);
    }
  }
  checkpoint.full_load = full_load_state;
  for (SpoolFile& file : finished) {
    if (file.rows == 0) {  // every change filtered out (CdcInsertsOnly ...): DMS writes no empty files
      prepared.dropped_paths.push_back(file.path);
      continue;
    }
    std::string key;
    if (file.kind == format::FileKind::kFullLoad) {
      uint32_t& counter = checkpoint.load_counters[file.folder];
      if (counter == std::numeric_limits<uint32_t>::max()) {
        return Stop(Status::InvalidArgument("full-load file names of " + file.folder, "LOAD counter exhausted"));
      }
      ++counter;
      key = file.folder + "/" + LoadFileName(counter, file.extension);
    } else {
      // Strictly after the table's last name, whatever the clock did since (a repeat within one
      // millisecond, a step back), so that names sort in commit order and never collide.
      int64_t name_ms = now;
      auto last_name = checkpoint.last_names.find(file.folder);
      if (last_name != checkpoint.last_names.end()) {
        std::optional<int64_t> last_ms = ParseCdcStem(last_name->second);
        if (last_ms.has_value() && *last_ms >= name_ms) name_ms = *last_ms + 1;
      }
      Result<std::string> stem = FormatCdcStem(name_ms);
      if (!stem.ok()) return Stop(stem.status());
      key = file.folder + "/" + (file.partition.empty() ? "" : file.partition + "/") + *stem + "." + file.extension;
      checkpoint.last_names[file.folder] = std::move(*stem);
    }
    stats[file.table].last_update_ms = now;
    checkpoint.files.push_back(CommittedFile{key, file.table, file.rows, file.bytes, file.first_seq, file.last_seq, ""});
    prepared.spool_paths.push_back(file.path);
  }
  finished.clear();
  if (!checkpoint.files.empty()) checkpoint.staging = StagingPrefix(checkpoint.number, run_id);
  checkpoint.tables = stats;
  prepared.schema_records = std::move(pending_records);
  pending_records.clear();
  first_pending_ms.reset();
  commit = std::move(prepared);
  return Status::OK();
}

Status LakeWriter::Impl::PutIfAbsentOrSame(const std::string& key, const std::string& data, std::string_view what) {
  store::PutOptions options;
  options.if_absent = true;
  Result<store::ObjectInfo> put = store->Put(key, data, options);
  if (put.ok()) return Status::OK();
  if (!put.status().IsConflict()) return put.status().WithContext("write " + std::string(what) + " " + key);
  // Our own earlier attempt may have written it and lost the reply: then the bytes are ours.
  Result<std::string> existing = store->Get(key);
  if (!existing.ok()) return existing.status().WithContext("read back " + std::string(what) + " " + key);
  if (*existing == data) return Status::OK();
  return Status::Conflict(std::string(what) + " " + key,
                          "another run committed it first; this run no longer writes " + store->url() +
                              " (restart to resume from the latest checkpoint)");
}

Status LakeWriter::Impl::RunCommit() {
  PreparedCommit& prepared = *commit;
  Checkpoint& checkpoint = prepared.checkpoint;
  // 1. Stage: the files under _lakefeed/staging/, where no reader of table folders looks.
  for (; prepared.uploaded < checkpoint.files.size(); ++prepared.uploaded) {
    CommittedFile& file = checkpoint.files[prepared.uploaded];
    std::string staging_key = checkpoint.staging + file.key;
    // A finished spool file is never written again: the store may link it rather than copy it.
    store::PutOptions options;
    options.share_source = true;
    Result<store::ObjectInfo> info = store->PutFile(staging_key, prepared.spool_paths[prepared.uploaded], options);
    if (!info.ok()) return info.status().WithContext("stage " + file.key);
    file.etag = info->etag;
  }
  // Schema records before the checkpoint that covers them, so that a committed seq always has its
  // schema in the lake.
  for (; prepared.records_written < prepared.schema_records.size(); ++prepared.records_written) {
    const auto& [key, json] = prepared.schema_records[prepared.records_written];
    Status written = PutIfAbsentOrSame(key, json, "schema record");
    if (written.IsConflict()) return Stop(written);
    CDC_RETURN_IF_ERROR(written);
  }
  // 2. Commit: one conditional write decides that this flush happened.
  if (!prepared.committed) {
    if (prepared.checkpoint_json.empty()) {
      Result<std::string> json = EncodeCheckpoint(checkpoint);
      if (!json.ok()) return Stop(json.status());
      prepared.checkpoint_json = std::move(*json);
    }
    Status written = PutIfAbsentOrSame(CheckpointKey(checkpoint.number), prepared.checkpoint_json, "checkpoint");
    if (written.IsConflict()) return Stop(written);
    CDC_RETURN_IF_ERROR(written);
    prepared.committed = true;
    last = checkpoint;
  }
  // 3. Publish: each move is idempotent, so a retry or a recovery may redo any of them.
  for (; prepared.published < checkpoint.files.size(); ++prepared.published) {
    const CommittedFile& file = checkpoint.files[prepared.published];
    Status moved = store->Move(checkpoint.staging + file.key, file.key);
    if (!moved.ok()) return moved.WithContext("publish " + file.key);
  }
  QueueEvents(checkpoint);
  for (const std::vector<std::string>* paths : {&prepared.spool_paths, &prepared.dropped_paths}) {
    for (const std::string& path : *paths) {
      std::error_code error;
      std::filesystem::remove(path, error);
      if (error)
        LogWarn(LogComponent::kTargetApply, "cannot remove spool file",
                {{"path", path}, {"error", error.message()}});
    }
  }
  // Best effort: a checkpoint left behind is pruned by the next Recover.
  while (lowest_kept + kCheckpointsKept <= checkpoint.number && lowest_kept < retain_from) {
    std::string old_key = CheckpointKey(lowest_kept);
    Status pruned = store->Delete(old_key);
    if (!pruned.ok()) {
      LogWarn(LogComponent::kTargetApply, "cannot prune old checkpoint",
              {{"key", old_key}, {"error", pruned.ToString()}});
      break;
    }
    ++lowest_kept;
  }
  commit.reset();
  return Status::OK();
}

void LakeWriter::Impl::QueueEvents(const Checkpoint& checkpoint) {
  for (size_t file_idx = 0; file_idx < checkpoint.files.size(); ++file_idx) {
    events.push_back(ObjectCreatedEvent{checkpoint.files[file_idx],
                                        EventSequencer(checkpoint.number, static_cast<uint32_t>(file_idx)),
                                        checkpoint.written_ms});
  }
}

LakeWriter::LakeWriter(store::ObjectStore* store, LakeSettings settings) : impl_(std::make_unique<Impl>()) {
  impl_->store = store;
  impl_->settings = std::move(settings);
}

LakeWriter::~LakeWriter() = default;

Result<std::optional<Checkpoint>> LakeWriter::Recover() {
  Impl& impl = *impl_;
  if (impl.recovered) return Status::InvalidArgument("lake writer", "Recover() called twice");
  CDC_RETURN_IF_ERROR(impl.ValidateSettings());
  CDC_RETURN_IF_ERROR(impl.LockAndClearSpool());
  store::ObjectStore& store = *impl.store;

  CDC_ASSIGN_OR_RETURN(std::vector<uint64_t> numbers, ListCheckpoints(store));
  std::optional<Checkpoint> latest;
  if (!numbers.empty()) {
    CDC_ASSIGN_OR_RETURN(latest, ReadCheckpoint(store, numbers.back()));
    // Redo the publish of the latest commit; everything before it was published before it was made.
    for (const CommittedFile& file : latest->files) {
      Status moved = store.Move(latest->staging + file.key, file.key);
      if (moved.IsNotFound()) {
        // Published, then removed by someone downstream: nothing to redo.
        LogWarn(LogComponent::kTargetApply, "committed change file is gone",
                {{"key", file.key}, {"checkpoint", std::to_string(latest->number)}});
        continue;
      }
      if (!moved.ok()) return moved.WithContext("recover: publish " + file.key);
    }
  }
  // Staging objects are now all orphans of flushes that never committed.
  CDC_ASSIGN_OR_RETURN(std::vector<store::ObjectInfo> staged, store::ListAll(store, kStagingPrefix));
  for (const store::ObjectInfo& object : staged) {
    Status deleted = store.Delete(object.key);
    if (!deleted.ok()) return deleted.WithContext("recover: delete orphan " + object.key);
  }
  // Schema records at or past the resume seq belong to no commit; the replay writes them again,
  // perhaps differently (a definition read from information_schema now).
  uint64_t committed_below = latest.has_value() ? latest->next_seq : 0;
  CDC_ASSIGN_OR_RETURN(std::vector<store::ObjectInfo> records, store::ListAll(store, kSchemaPrefix));
  for (const store::ObjectInfo& object : records) {
    if (object.key.ends_with('/')) continue;
    std::optional<uint64_t> seq = ParseSchemaRecordKey(object.key);
    if (!seq.has_value()) {
      return Status::Corruption("lake " + store.url(), "\"" + object.key + "\" is not a schema record name");
    }
    if (*seq < committed_below) continue;
    Status deleted = store.Delete(object.key);
    if (!deleted.ok()) return deleted.WithContext("recover: delete uncommitted schema record " + object.key);
  }
  for (uint64_t number : numbers) {
    impl.lowest_kept = number;
    if (number + kCheckpointsKept > numbers.back() || number >= impl.retain_from) break;
    Status deleted = store.Delete(CheckpointKey(number));
    if (!deleted.ok()) return deleted.WithContext("recover: prune checkpoint " + CheckpointKey(number));
    impl.lowest_kept = number + 1;
  }

  if (latest.has_value()) {
    impl.last = *latest;
    impl.stats = latest->tables;
    impl.full_load_state = latest->full_load;
    impl.QueueEvents(*latest);
  }
  impl.recovered = true;
  return latest;
}

Result<std::vector<std::string>> LakeWriter::ReadSchemaRecords(uint64_t below_seq) {
  store::ObjectStore& store = *impl_->store;
  CDC_ASSIGN_OR_RETURN(std::vector<store::ObjectInfo> objects, store::ListAll(store, kSchemaPrefix));
  std::vector<std::string> records;
  for (const store::ObjectInfo& object : objects) {
    if (object.key.ends_with('/')) continue;
    std::optional<uint64_t> seq = ParseSchemaRecordKey(object.key);
    if (!seq.has_value()) {
      return Status::Corruption("lake " + store.url(), "\"" + object.key + "\" is not a schema record name");
    }
    // Keys sort by seq, so the rest are all past it.
    if (*seq >= below_seq) break;
    Result<std::string> record = store.Get(object.key);
    if (!record.ok()) return record.status().WithContext("read schema record " + object.key);
    records.push_back(std::move(*record));
  }
  return records;
}

Status LakeWriter::Append(const model::TableProjectionPtr& projection, const model::ChangeBatch& rows, size_t begin,
                          size_t end, const format::ChangeContext& context, format::FileKind kind) {
  Impl& impl = *impl_;
  CDC_RETURN_IF_ERROR(impl.CheckUsable());
  if (projection == nullptr || projection->schema == nullptr) {
    return Status::InvalidArgument("lake append", "a projection with its schema is required");
  }
  if (begin > end || end > rows.size()) {
    return Status::InvalidArgument("lake append", "rows [" + std::to_string(begin) + ", " + std::to_string(end) +
                                                      ") of a batch of " + std::to_string(rows.size()));
  }
  if (begin == end) return Status::OK();
  const model::TableSchema& schema = *projection->schema;
  impl.key_buffer.assign(schema.schema_name);
  impl.key_buffer += '.';
  impl.key_buffer += schema.table_name;

  bool partitioned = kind == format::FileKind::kCdc && impl.partitioned;
  int64_t period = partitioned ? impl.partitioning.Period(context.commit_time_us) : 0;
  auto it = impl.open.find(std::string_view(impl.key_buffer));
  // A file holds one projection (one schema, one folder), one kind and one date folder.
  if (it != impl.open.end() &&
      (it->second.projection != projection || it->second.kind != kind || it->second.period != period)) {
    CDC_RETURN_IF_ERROR(impl.FinishFile(it));
    it = impl.open.end();
  }
  if (kind == format::FileKind::kCdc) {
    if (it == impl.open.end()) {
      CDC_ASSIGN_OR_RETURN(it, impl.OpenFile(projection, kind, period, context.commit_time_us));
    }
    return impl.Write(it->second, rows, begin, end, context);
  }
  uint64_t max_bytes = impl.settings.max_file_size_kb * 1024;
  for (size_t slice_begin = begin; slice_begin < end;) {
    if (it == impl.open.end()) {
      CDC_ASSIGN_OR_RETURN(it, impl.OpenFile(projection, kind, period, context.commit_time_us));
    }
    size_t slice_end = std::min(end, slice_begin + impl.LoadSliceRows(it->second, max_bytes));
    format::ChangeContext slice{context.first_seq + (slice_begin - begin), context.commit_time_us};
    CDC_RETURN_IF_ERROR(impl.Write(it->second, rows, slice_begin, slice_end, slice));
    if (it->second.writer->bytes_written() >= max_bytes) {
      CDC_RETURN_IF_ERROR(impl.FinishFile(it));  // MaxFileSize: the next rows start LOAD<n+1>
      it = impl.open.end();
    }
    slice_begin = slice_end;
  }
  return Status::OK();
}

Status LakeWriter::CloseTable(const std::string& table) {
  Impl& impl = *impl_;
  CDC_RETURN_IF_ERROR(impl.CheckUsable());
  auto it = impl.open.find(table);
  if (it == impl.open.end()) return Status::OK();
  return impl.FinishFile(it);
}

void LakeWriter::AddSchemaRecord(uint64_t seq, std::string record_json) {
  Impl& impl = *impl_;
  // Several records may share a seq (tables first seen in one transaction); the index keeps their
  // keys apart and in the order they came.
  if (seq != impl.record_seq) {
    impl.record_seq = seq;
    impl.record_index = 0;
  }
  impl.pending_records.emplace_back(SchemaRecordKey(seq, impl.record_index++), std::move(record_json));
  if (!impl.first_pending_ms.has_value()) impl.first_pending_ms = impl.NowMs();
}

TableStats& LakeWriter::stats(const std::string& table) { return impl_->stats[table]; }

bool LakeWriter::ShouldFlush(int64_t now_ms) const {
  const Impl& impl = *impl_;
  if (!impl.stopped.ok() || impl.commit.has_value()) return true;  // let Flush report or retry
  if (!impl.first_pending_ms.has_value()) return false;
  if (now_ms - *impl.first_pending_ms >= int64_t{impl.settings.cdc_max_batch_interval_s} * 1000) return true;
  uint64_t min_bytes = impl.settings.cdc_min_file_size_kb * 1024;
  for (const auto& [table, file] : impl.open) {
    if (file.kind == format::FileKind::kCdc && file.writer->bytes_written() >= min_bytes) return true;
  }
  for (const SpoolFile& file : impl.finished) {
    if (file.kind == format::FileKind::kCdc && file.bytes >= min_bytes) return true;
  }
  return false;
}

bool LakeWriter::has_pending() const {
  const Impl& impl = *impl_;
  return !impl.open.empty() || !impl.finished.empty() || !impl.pending_records.empty() || impl.commit.has_value() ||
         impl.full_load_state != impl.last.full_load;
}

Status LakeWriter::Flush(const model::ResumePoint& position, uint64_t next_seq, int64_t commit_time_us,
                         const model::ResumePoint& emitted_through) {
  Impl& impl = *impl_;
  CDC_RETURN_IF_ERROR(impl.CheckUsable());
  if (impl.commit.has_value()) CDC_RETURN_IF_ERROR(impl.RunCommit());  // a failed flush first
  bool moved = !SamePosition(position, impl.last.position) || next_seq != impl.last.next_seq;
  if (!has_pending() && !moved) return Status::OK();
  CDC_RETURN_IF_ERROR(impl.Prepare(position, next_seq, commit_time_us, emitted_through));
  return impl.RunCommit();
}

void LakeWriter::RetainCheckpointsFrom(uint64_t number) { impl_->retain_from = number; }

std::vector<ObjectCreatedEvent> LakeWriter::TakeEvents() {
  std::vector<ObjectCreatedEvent> events;
  events.swap(impl_->events);
  return events;
}

const Checkpoint& LakeWriter::last_checkpoint() const { return impl_->last; }

void LakeWriter::SetFullLoadState(std::string json) { impl_->full_load_state = std::move(json); }

Result<std::optional<Checkpoint>> ReadLatestCheckpoint(store::ObjectStore& store) {
  CDC_ASSIGN_OR_RETURN(std::vector<uint64_t> numbers, ListCheckpoints(store));
  if (numbers.empty()) return std::optional<Checkpoint>();
  CDC_ASSIGN_OR_RETURN(Checkpoint checkpoint, ReadCheckpoint(store, numbers.back()));
  return std::optional<Checkpoint>(std::move(checkpoint));
}

}  // namespace cdc::lake
