#include "learner/store/sqlite_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "compiler/source/quoting.h"

namespace rampart::learner {
namespace {

// A prepared statement, reset after each use. Binds use 1-based indexes like SQLite.
class Stmt {
 public:
  Stmt() = default;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt() { sqlite3_finalize(stmt_); }

  bool Prepare(sqlite3* db, const char* sql) {
    return sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr) == SQLITE_OK;
  }
  void Text(int i, const std::string& s) {
    sqlite3_bind_text(stmt_, i, s.data(), int(s.size()), SQLITE_STATIC);
  }
  // Empty text binds NULL: the column does not apply.
  void TextOrNull(int i, const std::string& s) {
    if (s.empty())
      sqlite3_bind_null(stmt_, i);
    else
      Text(i, s);
  }
  void Int(int i, long long v) { sqlite3_bind_int64(stmt_, i, v); }
  void IntOrNull(int i, long long v, long long none) {
    if (v == none)
      sqlite3_bind_null(stmt_, i);
    else
      Int(i, v);
  }
  void Time(int i, long long t) { IntOrNull(i, t, kNoTime); }
  int Step() { return sqlite3_step(stmt_); }
  // Runs a statement that returns no rows and resets it for the next use.
  bool Done() {
    bool ok = Step() == SQLITE_DONE;
    Reset();
    return ok;
  }
  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  long long ColInt(int i) { return sqlite3_column_int64(stmt_, i); }
  long long ColIntOr(int i, long long none) {
    return sqlite3_column_type(stmt_, i) == SQLITE_NULL ? none : sqlite3_column_int64(stmt_, i);
  }
  long long ColTime(int i) {
    return sqlite3_column_type(stmt_, i) == SQLITE_NULL ? kNoTime : sqlite3_column_int64(stmt_, i);
  }
  std::string ColText(int i) {
    const unsigned char* p = sqlite3_column_text(stmt_, i);
    return p == nullptr
               ? std::string()
               : std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(stmt_, i));
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

// Keeps the earlier of two times, ignoring unknown (NULL) ones.
#define RP_MIN_TIME(col) "coalesce(min(" col ", excluded." col "), " col ", excluded." col ")"
#define RP_MAX_TIME(col) "coalesce(max(" col ", excluded." col "), " col ", excluded." col ")"

constexpr const char* kUpsertWorkload =
    "INSERT INTO workload_versions (namespace, kind, name, container, version, image, labels,"
    " identity_rule, first_seen, last_seen, events) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
    " ON CONFLICT (namespace, kind, name, container, version) DO UPDATE SET"
    // The labels and image of the earliest event win, whatever order files are ingested in.
    " labels = CASE WHEN excluded.first_seen < first_seen THEN excluded.labels ELSE labels END,"
    " image = CASE WHEN excluded.first_seen < first_seen THEN excluded.image ELSE image END,"
    " first_seen = " RP_MIN_TIME("first_seen") ", last_seen = " RP_MAX_TIME("last_seen") ","
    " events = events + excluded.events RETURNING id";

constexpr const char* kUpsertReplica =
    "INSERT INTO replicas (workload_version_id, pod, node, first_seen, last_seen, events)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (workload_version_id, pod) DO UPDATE SET"
    " node = CASE WHEN node = '' THEN excluded.node ELSE node END,"
    " first_seen = " RP_MIN_TIME("first_seen") ", last_seen = " RP_MAX_TIME("last_seen") ","
    " events = events + excluded.events RETURNING id";

constexpr const char* kUpsertObservation =
    "INSERT INTO observations (workload_version_id, plane, key, exe, parent_exe, path, access,"
    " direction, protocol, port, peer_namespace, peer_workload, peer_labels, peer_service, peer_dns,"
    " peer_ip, syscall, syscall_nr, first_seen, last_seen, count) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
    " ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)"
    " ON CONFLICT (workload_version_id, plane, key) DO UPDATE SET"
    " first_seen = " RP_MIN_TIME("first_seen") ", last_seen = " RP_MAX_TIME("last_seen") ","
    " count = count + excluded.count RETURNING id";

constexpr const char* kUpdateObservation =
    "UPDATE observations SET count = count + ?2, first_seen = coalesce(min(first_seen, ?3), "
    "first_seen, ?3),"
    " last_seen = coalesce(max(last_seen, ?4), last_seen, ?4) WHERE id = ?1";
// The same when first_seen cannot move (most batches): the (workload, plane, first_seen)
// index is left alone.
constexpr const char* kUpdateObservationCounts =
    "UPDATE observations SET count = count + ?2,"
    " last_seen = coalesce(max(last_seen, ?3), last_seen, ?3) WHERE id = ?1";
constexpr const char* kLinkReplica =
    "INSERT OR IGNORE INTO observation_replicas (observation_id, replica_id) VALUES (?1, ?2)";
constexpr const char* kAddReplicaCount =
    "UPDATE observations SET replica_count = replica_count + ?2 WHERE id = ?1";
constexpr const char* kUpdateSource =
    "UPDATE sources SET name = ?2, byte_offset = ?3, content_hash = ?4, lines = ?5, events = ?6,"
    " bad_lines = ?7, ignored = ?8, lost_events = ?9, first_event = ?10, last_event = ?11 WHERE id "
    "= ?1";
constexpr const char* kInsertBadLine =
    "INSERT OR IGNORE INTO bad_lines (source_id, line, byte_offset, reason) VALUES (?1, ?2, ?3, "
    "?4)";
constexpr const char* kInsertLoss =
    "INSERT INTO losses (source_id, observed_at, node, lost, detail) VALUES (?1, ?2, ?3, ?4, ?5)";

// The labels of the earliest sighting win (unknown times last, then the smaller text), so
// the row is the same whatever order sightings arrive in.
constexpr const char* kUpsertAddress =
    "INSERT INTO addresses (ip, namespace, kind, name, pod, labels, first_seen, last_seen,"
    " sightings) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
    " ON CONFLICT (ip, namespace, kind, name, pod) DO UPDATE SET"
    " labels = CASE WHEN excluded.first_seen < first_seen"
    " OR (first_seen IS NULL AND excluded.first_seen IS NOT NULL)"
    " OR (excluded.first_seen IS first_seen AND excluded.labels < labels)"
    " THEN excluded.labels ELSE labels END,"
    " first_seen = " RP_MIN_TIME("first_seen") ", last_seen = " RP_MAX_TIME("last_seen") ","
    " sightings = sightings + excluded.sightings";

std::string LabelsJson(const Labels& labels) {
  std::string out = "{";
  for (const auto& [k, v] : labels) {
    if (out.size() > 1) out += ',';
    out += '"' + source::JsonEscape(k) + "\":\"" + source::JsonEscape(v) + '"';
  }
  return out + "}";
}

}  // namespace

// Prepared statements, and what this connection knows exists: rows are never deleted, so an
// observation's id and an (observation, replica) link, once committed, stay valid. Knowing
// them turns most of a batch into updates by rowid and skips known links. Forgotten when a
// transaction fails (its new ids were never committed).
//
// With an id the connection also keeps an upper bound of the row's first_seen (stored
// first_seen only ever decreases, whoever writes): a batch that saw the behaviour no earlier
// than that bound cannot move it, and updates only count and last_seen.
class SqliteStore::Statements {
 public:
  struct Known {
    long long id = 0;
    long long first_seen = kNoTime;  // >= the stored value; kNoTime: not known
  };
  Stmt upsert_workload, upsert_replica, upsert_observation, update_observation,
      update_observation_counts, link_replica, add_replica_count, update_source, insert_bad_line,
      insert_loss, upsert_address;
  std::unordered_map<std::string, Known> observation_ids;  // workload id, plane, key
  std::unordered_set<uint64_t> links;                      // observation id << 32 | replica id
  std::unordered_map<std::string, Known> pending_ids;      // added in the open transaction
  std::vector<std::pair<Known*, long long>> pending_first_seen;  // lowered in it
  std::vector<uint64_t> pending_links;

  void Forget() {
    pending_ids.clear();
    pending_first_seen.clear();
    pending_links.clear();
  }
  void Keep() {
    for (auto& [known, first_seen] : pending_first_seen) known->first_seen = first_seen;
    // Bounded memory: past a few million distinct behaviours, start over.
    if (observation_ids.size() > 4000000) observation_ids.clear();
    if (links.size() > 8000000) links.clear();
    for (auto& [k, known] : pending_ids) observation_ids.emplace(std::move(k), known);
    links.insert(pending_links.begin(), pending_links.end());
    Forget();
  }

  bool Prepare(sqlite3* db) {
    return upsert_workload.Prepare(db, kUpsertWorkload) &&
           upsert_replica.Prepare(db, kUpsertReplica) &&
           upsert_observation.Prepare(db, kUpsertObservation) &&
           update_observation.Prepare(db, kUpdateObservation) &&
           update_observation_counts.Prepare(db, kUpdateObservationCounts) &&
           link_replica.Prepare(db, kLinkReplica) &&
           add_replica_count.Prepare(db, kAddReplicaCount) &&
           update_source.Prepare(db, kUpdateSource) &&
           insert_bad_line.Prepare(db, kInsertBadLine) && insert_loss.Prepare(db, kInsertLoss) &&
           upsert_address.Prepare(db, kUpsertAddress);
  }
};

SqliteStore::SqliteStore(sqlite3* db, std::string path)
    : db_(db), path_(std::move(path)), statements_(std::make_unique<Statements>()) {}

SqliteStore::~SqliteStore() {
  statements_.reset();  // finalize before closing
  sqlite3_close(db_);
}

std::string SqliteStore::Fail(const std::string& what) const {
  return path_ + ": " + what + ": " + sqlite3_errmsg(db_);
}

std::unique_ptr<SqliteStore> SqliteStore::Open(const std::string& path, const Options& options,
                                               std::string* error) {
  sqlite3* db = nullptr;
  // NOMUTEX: a store object is used by one thread at a time (behaviour_store.h), so SQLite's
  // per-call connection mutex is pure overhead (1.5% of an ingest).
  int flags =
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (options.create ? SQLITE_OPEN_CREATE : 0);
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    *error = path + ": cannot open the learner database: " +
             (db != nullptr ? sqlite3_errmsg(db) : "out of memory") +
             (options.create ? "" : " (run `rampart learn ingest` first?)");
    sqlite3_close(db);
    return nullptr;
  }
  std::unique_ptr<SqliteStore> store(new SqliteStore(db, path));
  sqlite3_busy_timeout(db, 10000);
  std::string e;
  // journal_mode answers with the mode in force; anything but "wal" means it did not take.
  sqlite3_stmt* stmt = nullptr;
  bool wal = false;
  if (sqlite3_prepare_v2(db, "PRAGMA journal_mode = WAL", -1, &stmt, nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW) {
    const unsigned char* mode = sqlite3_column_text(stmt, 0);
    wal = mode != nullptr && std::string(reinterpret_cast<const char*>(mode)) == "wal";
  }
  sqlite3_finalize(stmt);
  if (!wal) {
    *error = store->Fail("not a usable SQLite database (cannot switch to WAL mode)");
    return nullptr;
  }
  if (sqlite3_exec(db, "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;", nullptr, nullptr,
                   nullptr) != SQLITE_OK) {
    *error = store->Fail("cannot configure the database");
    return nullptr;
  }
  if (!MigrateSchema(db, options.schema_version, &e)) {
    *error = path + ": " + e;
    return nullptr;
  }
  if (!store->statements_->Prepare(db)) {
    *error = store->Fail("cannot prepare statements");
    return nullptr;
  }
  return store;
}

bool SqliteStore::ReadSources(const char* where, const std::string& a, int64_t b,
                              std::vector<SourceRecord>* out, std::string* error) {
  std::string sql =
      "SELECT id, name, fingerprint, fingerprint_len, compressed, byte_offset, content_hash, lines,"
      " events, bad_lines, ignored, lost_events, first_event, last_event FROM sources ";
  sql += where;
  Stmt s;
  if (!s.Prepare(db_, sql.c_str())) {
    *error = Fail("cannot read sources");
    return false;
  }
  if (!a.empty()) {
    s.Text(1, a);
    s.Int(2, b);
  }
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    SourceRecord r;
    r.id = s.ColInt(0);
    r.name = s.ColText(1);
    r.fingerprint = s.ColText(2);
    r.fingerprint_len = s.ColInt(3);
    r.compressed = s.ColInt(4) != 0;
    r.offset = s.ColInt(5);
    r.content_hash = s.ColText(6);
    r.lines = s.ColInt(7);
    r.events = s.ColInt(8);
    r.bad_lines = s.ColInt(9);
    r.ignored = s.ColInt(10);
    r.lost_events = s.ColInt(11);
    r.first_event = s.ColTime(12);
    r.last_event = s.ColTime(13);
    out->push_back(std::move(r));
  }
  if (rc != SQLITE_DONE) {
    *error = Fail("cannot read sources");
    return false;
  }
  return true;
}

bool SqliteStore::FindSources(const std::string& fingerprint, int64_t fingerprint_len,
                              std::vector<SourceRecord>* out, std::string* error) {
  return ReadSources(
      "WHERE fingerprint = ?1 AND fingerprint_len = ?2 ORDER BY byte_offset DESC, id", fingerprint,
      fingerprint_len, out, error);
}

bool SqliteStore::Sources(std::vector<SourceRecord>* out, std::string* error) {
  return ReadSources("ORDER BY id", "", 0, out, error);
}

bool SqliteStore::FingerprintLengths(std::vector<int64_t>* out, std::string* error) {
  Stmt s;
  if (!s.Prepare(db_, "SELECT DISTINCT fingerprint_len FROM sources ORDER BY 1 DESC")) {
    *error = Fail("cannot read sources");
    return false;
  }
  while (s.Step() == SQLITE_ROW) out->push_back(s.ColInt(0));
  return true;
}

bool SqliteStore::CreateSource(SourceRecord* record, std::string* error) {
  Stmt s;
  if (!s.Prepare(
          db_,
          "INSERT INTO sources (name, fingerprint, fingerprint_len, compressed, content_hash)"
          " VALUES (?1, ?2, ?3, ?4, ?5)")) {
    *error = Fail("cannot record the source");
    return false;
  }
  s.Text(1, record->name);
  s.Text(2, record->fingerprint);
  s.Int(3, record->fingerprint_len);
  s.Int(4, record->compressed ? 1 : 0);
  s.Text(5, record->content_hash);
  if (s.Step() != SQLITE_DONE) {
    *error = Fail("cannot record the source");
    return false;
  }
  record->id = sqlite3_last_insert_rowid(db_);
  return true;
}

bool SqliteStore::Commit(const BatchDelta& batch, std::string* error) {
  if (sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) {
    *error = Fail("cannot start a transaction");
    return false;
  }
  if (!CommitLocked(batch, error)) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    statements_->Forget();
    return false;
  }
  if (sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
    *error = Fail("cannot commit");
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    statements_->Forget();
    return false;
  }
  statements_->Keep();
  return true;
}

bool SqliteStore::CommitLocked(const BatchDelta& batch, std::string* error) {
  Statements& st = *statements_;
  std::vector<long long> workload_ids(batch.workloads.size());
  for (size_t i = 0; i < batch.workloads.size(); ++i) {
    const WorkloadDelta& w = batch.workloads[i];
    Stmt& s = st.upsert_workload;
    s.Text(1, w.ref.namespace_name);
    s.Text(2, w.ref.kind);
    s.Text(3, w.ref.name);
    s.Text(4, w.ref.container);
    s.Text(5, w.ref.version);
    s.Text(6, w.ref.image);
    std::string labels = LabelsJson(w.ref.labels);
    s.Text(7, labels);
    s.Text(8, w.ref.rule);
    s.Time(9, w.first_seen);
    s.Time(10, w.last_seen);
    s.Int(11, w.events);
    bool ok = s.Step() == SQLITE_ROW;
    if (ok) workload_ids[i] = s.ColInt(0);
    s.Reset();
    if (!ok) {
      *error = Fail("cannot store a workload version");
      return false;
    }
  }
  std::vector<long long> replica_ids(batch.replicas.size());
  for (size_t i = 0; i < batch.replicas.size(); ++i) {
    const ReplicaDelta& r = batch.replicas[i];
    Stmt& s = st.upsert_replica;
    s.Int(1, workload_ids[r.workload]);
    s.Text(2, r.pod);
    s.Text(3, r.node);
    s.Time(4, r.first_seen);
    s.Time(5, r.last_seen);
    s.Int(6, r.events);
    bool ok = s.Step() == SQLITE_ROW;
    if (ok) replica_ids[i] = s.ColInt(0);
    s.Reset();
    if (!ok) {
      *error = Fail("cannot store a replica");
      return false;
    }
  }
  std::string cache_key;
  for (const ObservationDelta& o : batch.observations) {
    cache_key = std::to_string(workload_ids[o.workload]);
    cache_key += PlaneName(o.plane);
    cache_key += o.key;
    long long id = 0;
    auto known = st.observation_ids.find(cache_key);
    if (known != st.observation_ids.end()) {
      Statements::Known& k = known->second;
      id = k.id;
      bool cannot_move =
          o.first_seen == kNoTime || (k.first_seen != kNoTime && o.first_seen >= k.first_seen);
      bool ok;
      if (cannot_move) {
        Stmt& u = st.update_observation_counts;
        u.Int(1, id);
        u.Int(2, o.count);
        u.Time(3, o.last_seen);
        ok = u.Done();
      } else {
        Stmt& u = st.update_observation;
        u.Int(1, id);
        u.Int(2, o.count);
        u.Time(3, o.first_seen);
        u.Time(4, o.last_seen);
        ok = u.Done();
        st.pending_first_seen.emplace_back(&k, o.first_seen);
      }
      if (!ok) {
        *error = Fail("cannot store an observation");
        return false;
      }
    } else {
      Stmt& s = st.upsert_observation;
      const ObservationColumns& c = o.columns;
      s.Int(1, workload_ids[o.workload]);
      std::string plane(PlaneName(o.plane));
      s.Text(2, plane);
      s.Text(3, o.key);
      s.TextOrNull(4, c.exe);
      s.TextOrNull(5, c.parent_exe);
      s.TextOrNull(6, c.path);
      s.TextOrNull(7, c.access);
      s.TextOrNull(8, c.direction);
      s.TextOrNull(9, c.protocol);
      s.IntOrNull(10, c.port, -1);
      s.TextOrNull(11, c.peer_namespace);
      s.TextOrNull(12, c.peer_workload);
      s.TextOrNull(13, c.peer_labels);
      s.TextOrNull(14, c.peer_service);
      s.TextOrNull(15, c.peer_dns);
      s.TextOrNull(16, c.peer_ip);
      s.TextOrNull(17, c.syscall);
      s.IntOrNull(18, c.syscall_nr, -1);
      s.Time(19, o.first_seen);
      s.Time(20, o.last_seen);
      s.Int(21, o.count);
      bool ok = s.Step() == SQLITE_ROW;
      id = ok ? s.ColInt(0) : 0;
      s.Reset();
      if (!ok) {
        *error = Fail("cannot store an observation");
        return false;
      }
      // The stored first_seen is at most this batch's (the upsert keeps the minimum).
      st.pending_ids[cache_key] = Statements::Known{id, o.first_seen};
    }
    int added = 0;
    for (size_t r : o.replicas) {
      bool cacheable = id < (1LL << 32) && replica_ids[r] < (1LL << 32);
      uint64_t link = (uint64_t(id) << 32) | uint64_t(replica_ids[r]);
      if (cacheable && st.links.count(link) != 0) continue;
      Stmt& l = st.link_replica;
      l.Int(1, id);
      l.Int(2, replica_ids[r]);
      if (!l.Done()) {
        *error = Fail("cannot link an observation to its replica");
        return false;
      }
      added += sqlite3_changes(db_);
      if (cacheable) st.pending_links.push_back(link);
    }
    if (added > 0) {
      Stmt& u = st.add_replica_count;
      u.Int(1, id);
      u.Int(2, added);
      if (!u.Done()) {
        *error = Fail("cannot count replicas");
        return false;
      }
    }
  }
  for (const BadLine& b : batch.bad_lines) {
    Stmt& s = st.insert_bad_line;
    s.Int(1, batch.source.id);
    s.Int(2, b.line);
    s.Int(3, b.offset);
    s.Text(4, b.reason);
    if (!s.Done()) {
      *error = Fail("cannot record a bad line");
      return false;
    }
  }
  for (const Loss& l : batch.losses) {
    Stmt& s = st.insert_loss;
    s.Int(1, batch.source.id);
    s.Time(2, l.time);
    s.Text(3, l.node);
    s.Int(4, l.lost);
    s.Text(5, l.detail);
    if (!s.Done()) {
      *error = Fail("cannot record a loss");
      return false;
    }
  }
  for (const AddressHolding& a : batch.addresses) {
    Stmt& s = st.upsert_address;
    s.Text(1, a.ip);
    s.Text(2, a.namespace_name);
    s.Text(3, a.kind);
    s.Text(4, a.name);
    s.Text(5, a.pod);
    s.Text(6, a.labels);
    s.Time(7, a.first_seen);
    s.Time(8, a.last_seen);
    s.Int(9, a.sightings);
    if (!s.Done()) {
      *error = Fail("cannot record an address");
      return false;
    }
  }
  const SourceRecord& src = batch.source;
  Stmt& s = st.update_source;
  s.Int(1, src.id);
  s.Text(2, src.name);
  s.Int(3, src.offset);
  s.Text(4, src.content_hash);
  s.Int(5, src.lines);
  s.Int(6, src.events);
  s.Int(7, src.bad_lines);
  s.Int(8, src.ignored);
  s.Int(9, src.lost_events);
  s.Time(10, src.first_event);
  s.Time(11, src.last_event);
  if (!s.Done() || sqlite3_changes(db_) != 1) {  // changes() survives the reset
    *error = Fail("cannot update the source's progress");
    return false;
  }
  return true;
}

bool SqliteStore::Summaries(std::vector<WorkloadSummary>* out, std::string* error) {
  Stmt s;
  if (!s.Prepare(db_,
                 "SELECT w.id, namespace, kind, name, container, version, image, identity_rule,"
                 " first_seen, last_seen, events,"
                 " (SELECT count(*) FROM replicas r WHERE r.workload_version_id = w.id)"
                 " FROM workload_versions w ORDER BY namespace, kind, name, container, version")) {
    *error = Fail("cannot read workload versions");
    return false;
  }
  std::map<long long, size_t> index;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    WorkloadSummary w;
    w.id = s.ColInt(0);
    w.ref.namespace_name = s.ColText(1);
    w.ref.kind = s.ColText(2);
    w.ref.name = s.ColText(3);
    w.ref.container = s.ColText(4);
    w.ref.version = s.ColText(5);
    w.ref.image = s.ColText(6);
    w.ref.rule = s.ColText(7);
    w.first_seen = s.ColTime(8);
    w.last_seen = s.ColTime(9);
    w.events = s.ColInt(10);
    w.replicas = s.ColInt(11);
    index[w.id] = out->size();
    out->push_back(std::move(w));
  }
  if (rc != SQLITE_DONE) {
    *error = Fail("cannot read workload versions");
    return false;
  }
  Stmt p;
  if (!p.Prepare(db_,
                 "SELECT workload_version_id, plane, count(*), sum(count) FROM observations"
                 " GROUP BY workload_version_id, plane")) {
    *error = Fail("cannot count observations");
    return false;
  }
  while ((rc = p.Step()) == SQLITE_ROW) {
    auto it = index.find(p.ColInt(0));
    Plane plane;
    if (it == index.end() || !PlaneFromName(p.ColText(1), &plane)) continue;
    (*out)[it->second].distinct[int(plane)] = p.ColInt(2);
    (*out)[it->second].observed[int(plane)] = p.ColInt(3);
  }
  if (rc != SQLITE_DONE) {
    *error = Fail("cannot count observations");
    return false;
  }
  return true;
}

bool SqliteStore::Observations(int64_t workload_id, std::vector<StoredObservation>* out,
                               std::string* error) {
  Stmt s;
  if (!s.Prepare(db_,
                 "SELECT plane, key, exe, parent_exe, path, access, direction, protocol, port,"
                 " peer_namespace, peer_workload, peer_labels, peer_service, peer_dns, peer_ip,"
                 " syscall, syscall_nr, count, first_seen, last_seen, replica_count, id"
                 " FROM observations WHERE workload_version_id = ?1 ORDER BY plane, key")) {
    *error = Fail("cannot read observations");
    return false;
  }
  s.Int(1, workload_id);
  std::unordered_map<int64_t, size_t> position;  // observation id -> index in `out`
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    StoredObservation o;
    if (!PlaneFromName(s.ColText(0), &o.plane)) continue;
    o.key = s.ColText(1);
    ObservationColumns& c = o.columns;
    c.exe = s.ColText(2);
    c.parent_exe = s.ColText(3);
    c.path = s.ColText(4);
    c.access = s.ColText(5);
    c.direction = s.ColText(6);
    c.protocol = s.ColText(7);
    c.port = s.ColIntOr(8, -1);
    c.peer_namespace = s.ColText(9);
    c.peer_workload = s.ColText(10);
    c.peer_labels = s.ColText(11);
    c.peer_service = s.ColText(12);
    c.peer_dns = s.ColText(13);
    c.peer_ip = s.ColText(14);
    c.syscall = s.ColText(15);
    c.syscall_nr = s.ColIntOr(16, -1);
    o.count = s.ColInt(17);
    o.first_seen = s.ColTime(18);
    o.last_seen = s.ColTime(19);
    o.replicas = s.ColInt(20);
    position[s.ColInt(21)] = out->size();
    out->push_back(std::move(o));
  }
  if (rc != SQLITE_DONE) {
    *error = Fail("cannot read observations");
    return false;
  }
  // Which replicas showed each (StoredObservation::replica_ids), in id order.
  Stmt links;
  if (!links.Prepare(db_,
                     "SELECT r.observation_id, r.replica_id FROM observation_replicas r"
                     " JOIN observations o ON o.id = r.observation_id"
                     " WHERE o.workload_version_id = ?1 ORDER BY r.observation_id, r.replica_id")) {
    *error = Fail("cannot read observation replicas");
    return false;
  }
  links.Int(1, workload_id);
  while ((rc = links.Step()) == SQLITE_ROW) {
    auto at = position.find(links.ColInt(0));
    if (at != position.end()) (*out)[at->second].replica_ids.push_back(links.ColInt(1));
  }
  if (rc != SQLITE_DONE) {
    *error = Fail("cannot read observation replicas");
    return false;
  }
  return true;
}

bool SqliteStore::FirstSeenTimes(std::vector<FirstSeenRow>* out, std::string* error) {
  Stmt s;
  // In the order of the (workload_version_id, plane, first_seen) index: no sort.
  if (!s.Prepare(db_,
                 "SELECT workload_version_id, plane, first_seen FROM observations"
                 " ORDER BY workload_version_id, plane, first_seen")) {
    *error = Fail("cannot read observations");
    return false;
  }
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    FirstSeenRow r;
    if (!PlaneFromName(s.ColText(1), &r.plane)) continue;
    r.workload_id = s.ColInt(0);
    r.first_seen = s.ColTime(2);
    out->push_back(r);
  }
  if (rc != SQLITE_DONE) {
    *error = Fail("cannot read observations");
    return false;
  }
  return true;
}

bool SqliteStore::Losses(std::vector<Loss>* out, std::string* error) {
  Stmt s;
  if (!s.Prepare(db_, "SELECT observed_at, node, lost, detail FROM losses ORDER BY id")) {
    *error = Fail("cannot read losses");
    return false;
  }
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW)
    out->push_back(Loss{s.ColTime(0), s.ColText(1), s.ColInt(2), s.ColText(3)});
  if (rc != SQLITE_DONE) {
    *error = Fail("cannot read losses");
    return false;
  }
  return true;
}

bool SqliteStore::ReplicaNodes(std::vector<ReplicaNode>* out, std::string* error) {
  Stmt s;
  if (!s.Prepare(db_,
                 "SELECT DISTINCT workload_version_id, node FROM replicas WHERE node != ''"
                 " ORDER BY 1, 2")) {
    *error = Fail("cannot read replicas");
    return false;
  }
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) out->push_back(ReplicaNode{s.ColInt(0), s.ColText(1)});
  if (rc != SQLITE_DONE) {
    *error = Fail("cannot read replicas");
    return false;
  }
  return true;
}

bool SqliteStore::ReplicaPods(std::vector<ReplicaPod>* out, std::string* error) {
  Stmt s;
  if (!s.Prepare(db_,
                 "SELECT id, workload_version_id, pod, first_seen, last_seen FROM replicas"
                 " ORDER BY workload_version_id, pod")) {
    *error = Fail("cannot read replicas");
    return false;
  }
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    out->push_back(ReplicaPod{s.ColInt(0), s.ColInt(1), s.ColText(2), s.ColTime(3), s.ColTime(4)});
  }
  if (rc != SQLITE_DONE) {
    *error = Fail("cannot read replicas");
    return false;
  }
  return true;
}

bool SqliteStore::AddressHolders(const std::vector<std::string>& ips,
                                 std::vector<AddressHolding>* out, std::string* error) {
  Stmt s;
  if (!s.Prepare(db_,
                 "SELECT ip, namespace, kind, name, pod, labels, first_seen, last_seen, sightings"
                 " FROM addresses WHERE ip = ?1 ORDER BY first_seen, namespace, kind, name, pod")) {
    *error = Fail("cannot read addresses");
    return false;
  }
  std::vector<std::string> sorted = ips;
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  for (const std::string& ip : sorted) {
    s.Text(1, ip);
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      AddressHolding a;
      a.ip = s.ColText(0);
      a.namespace_name = s.ColText(1);
      a.kind = s.ColText(2);
      a.name = s.ColText(3);
      a.pod = s.ColText(4);
      a.labels = s.ColText(5);
      a.first_seen = s.ColTime(6);
      a.last_seen = s.ColTime(7);
      a.sightings = s.ColInt(8);
      out->push_back(std::move(a));
    }
    s.Reset();
    if (rc != SQLITE_DONE) {
      *error = Fail("cannot read addresses");
      return false;
    }
  }
  return true;
}

bool SqliteStore::BadLines(int64_t source_id, std::vector<BadLine>* out, std::string* error) {
  Stmt s;
  if (!s.Prepare(
          db_,
          "SELECT line, byte_offset, reason FROM bad_lines WHERE source_id = ?1 ORDER BY line")) {
    *error = Fail("cannot read bad lines");
    return false;
  }
  s.Int(1, source_id);
  while (s.Step() == SQLITE_ROW) out->push_back(BadLine{s.ColInt(0), s.ColInt(1), s.ColText(2)});
  return true;
}

}  // namespace rampart::learner
