// SqliteLogWriter: durability settings, atomic batches with caller rows,
// dedup, integration and checkpoint publication (CAS), against a real
// database in a temporary directory.
#include <gtest/gtest.h>

#include <filesystem>

#include "store/sqlite/sqlite_store.h"
#include "testutil/shared_data.h"
#include "testutil/sqlite_util.h"
#include "testutil/status_matchers.h"

namespace orelog::store::sqlite {
namespace {

namespace fs = std::filesystem;
using orelog::testing::SqlInt;
using orelog::testing::StatusIs;

Bytes B(std::string_view s) { return Bytes(s.begin(), s.end()); }

NewEntry E(std::string_view data, std::string_view dedup = "") { return NewEntry{B(data), B(dedup)}; }

Hash H(uint8_t fill) {
  Hash h;
  h.fill(fill);
  return h;
}

class WriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = orelog::testing::MakeTempDir("orelog-writer-test");
    path_ = (dir_ / "ledger.db").string();
    ASSERT_OK(CreateDatabase(path_, "test.example/log", "test.example/log+01020304+AQID"));
    auto w = SqliteLogWriter::Open(path_);
    ASSERT_OK(w);
    writer_ = std::move(*w);
    ASSERT_OK(writer_->db().Exec(
        "CREATE TABLE events (id INTEGER PRIMARY KEY, entry_idx INTEGER NOT NULL, label TEXT NOT NULL UNIQUE)"));
  }
  void TearDown() override {
    writer_.reset();
    fs::remove_all(dir_);
  }

  Result<std::vector<BatchOutcome>> Seq(std::vector<const Batch*> batches) { return writer_->Sequence(batches); }

  int64_t Count(const std::string& table) { return SqlInt(path_, "SELECT count(*) FROM " + table); }
  int64_t NextIndex() { return SqlInt(path_, "SELECT next_index FROM log_state"); }
  std::string EntryText(uint64_t idx) {
    Bytes b = orelog::testing::SqlBlob(path_, "SELECT data FROM entries WHERE idx = " + std::to_string(idx));
    return std::string(b.begin(), b.end());
  }

  static Row Event(std::string label, size_t entry) {
    return Row{"events", {"entry_idx", "label"}, {EntryIndexOf{entry}, std::move(label)}, {}};
  }

  fs::path dir_;
  std::string path_;
  std::unique_ptr<SqliteLogWriter> writer_;
};

TEST_F(WriterTest, WriteConnectionIsWalWithSynchronousFull) {
  EXPECT_EQ(*writer_->db().QueryInt("PRAGMA synchronous"), 2);  // 2 = FULL
  auto stmt = writer_->db().Prepare("PRAGMA journal_mode");
  ASSERT_OK(stmt);
  ASSERT_TRUE(*stmt->Step());
  EXPECT_EQ(stmt->Text(0), "wal");
  // WAL is persistent: a fresh connection sees it too.
  auto db = Db::Open(path_, Db::Mode::kReadOnly);
  ASSERT_OK(db);
  auto again = db->Prepare("PRAGMA journal_mode");
  ASSERT_OK(again);
  ASSERT_TRUE(*again->Step());
  EXPECT_EQ(again->Text(0), "wal");
}

TEST_F(WriterTest, FreshDatabaseState) {
  auto state = writer_->LoadState();
  ASSERT_OK(state);
  EXPECT_EQ(state->next_index, 0u);
  EXPECT_EQ(state->integrated, 0u);
  EXPECT_TRUE(state->compact_range.empty());
  EXPECT_TRUE(state->checkpoint.empty());
  auto meta = ReadMeta(writer_->db());
  ASSERT_OK(meta);
  EXPECT_EQ(meta->origin, "test.example/log");
}

TEST_F(WriterTest, CreateRefusesAnExistingFile) {
  EXPECT_TRUE(StatusIs(CreateDatabase(path_, "o", "v"), Code::kAlreadyExists, "already exists"));
}

TEST_F(WriterTest, OpenRefusesAFileThatIsNotALedger) {
  std::string other = (dir_ / "other.db").string();
  {
    auto db = Db::Open(other, Db::Mode::kReadWriteCreate);
    ASSERT_OK(db);
    ASSERT_OK(db->Exec("CREATE TABLE t (x)"));
  }
  EXPECT_TRUE(StatusIs(SqliteLogWriter::Open(other), Code::kCorruption, "not an orelog ledger"));
  ASSERT_TRUE(orelog::testing::SqlExec(path_, "UPDATE meta SET value = 'orelog-ledger-v9' WHERE key = 'format'"));
  EXPECT_TRUE(StatusIs(SqliteLogWriter::Open(path_), Code::kCorruption, "unknown ledger format 'orelog-ledger-v9'"));
  EXPECT_TRUE(StatusIs(SqliteLogWriter::Open((dir_ / "missing.db").string()), Code::kIOError, "cannot open"));
}

TEST_F(WriterTest, EntriesAndRowsCommitTogether) {
  Batch b{{E("a0"), E("a1")}, {Event("first", 0), Event("second", 1)}};
  auto out = Seq({&b});
  ASSERT_OK(out);
  ASSERT_EQ(out->size(), 1u);
  ASSERT_OK((*out)[0].status);
  EXPECT_EQ((*out)[0].indices, (std::vector<uint64_t>{0, 1}));
  EXPECT_EQ((*out)[0].duplicate, (std::vector<bool>{false, false}));
  EXPECT_EQ(Count("entries"), 2);
  EXPECT_EQ(NextIndex(), 2);
  // EntryIndexOf resolved to the index each entry got.
  EXPECT_EQ(SqlInt(path_, "SELECT entry_idx FROM events WHERE label = 'first'"), 0);
  EXPECT_EQ(SqlInt(path_, "SELECT entry_idx FROM events WHERE label = 'second'"), 1);
  EXPECT_EQ(EntryText(1), "a1");

  Batch c{{E("c0"), E("c1"), E("c2")}, {Event("third", 2)}};
  out = Seq({&c});
  ASSERT_OK(out);
  EXPECT_EQ((*out)[0].indices, (std::vector<uint64_t>{2, 3, 4}));
  EXPECT_EQ(SqlInt(path_, "SELECT entry_idx FROM events WHERE label = 'third'"), 4);
}

TEST_F(WriterTest, FailingBatchWritesNothingWhileItsGroupCommits) {
  Batch ok1{{E("ok1-0"), E("ok1-1")}, {Event("dup-label", 1)}};
  // Constraint violation: the label is taken by ok1, earlier in the same group.
  Batch bad_constraint{{E("bad-0"), E("bad-1"), E("bad-2")}, {Event("fresh", 0), Event("dup-label", 2)}};
  // Unknown table.
  Batch bad_table{{E("bad-t")}, {Row{"no_such_table", {"x"}, {int64_t{1}}, {}}}};
  Batch ok2{{E("ok2-0")}, {Event("ok2", 0)}};
  Batch plain{{E("plain")}, {}};
  auto out = Seq({&ok1, &bad_constraint, &bad_table, &ok2, &plain});
  ASSERT_OK(out);
  ASSERT_EQ(out->size(), 5u);
  ASSERT_OK((*out)[0].status);
  EXPECT_TRUE(StatusIs((*out)[1].status, Code::kAlreadyExists, "events"));
  EXPECT_TRUE((*out)[1].indices.empty());
  EXPECT_FALSE((*out)[2].status.ok());
  EXPECT_NE((*out)[2].status.message().find("no_such_table"), std::string::npos) << (*out)[2].status.ToString();
  ASSERT_OK((*out)[3].status);
  ASSERT_OK((*out)[4].status);
  // The failed batches took no indices: the others are consecutive.
  EXPECT_EQ((*out)[0].indices, (std::vector<uint64_t>{0, 1}));
  EXPECT_EQ((*out)[3].indices, (std::vector<uint64_t>{2}));
  EXPECT_EQ((*out)[4].indices, (std::vector<uint64_t>{3}));
  EXPECT_EQ(Count("entries"), 4);
  EXPECT_EQ(Count("events"), 2);  // dup-label and ok2; not "fresh" of the failed batch
  EXPECT_EQ(SqlInt(path_, "SELECT count(*) FROM events WHERE label = 'fresh'"), 0);
  EXPECT_EQ(NextIndex(), 4);
  EXPECT_EQ(EntryText(2), "ok2-0");
  EXPECT_EQ(SqlInt(path_, "SELECT entry_idx FROM events WHERE label = 'ok2'"), 2);
  EXPECT_OK(writer_->fatal());
  EXPECT_EQ(writer_->LoadState()->next_index, 4u);
}

TEST_F(WriterTest, AllBatchesFailingLeavesNextIndexUnchanged) {
  Batch seed{{E("x")}, {}};
  ASSERT_OK(Seq({&seed}));
  Batch bad{{E("y")}, {Row{"no_such_table", {"x"}, {int64_t{1}}, {}}}};
  auto out = Seq({&bad});
  ASSERT_OK(out);
  EXPECT_FALSE((*out)[0].status.ok());
  EXPECT_EQ(NextIndex(), 1);
  EXPECT_EQ(Count("entries"), 1);
  // The writer is still usable and continues where it was.
  Batch next{{E("z")}, {}};
  out = Seq({&next});
  ASSERT_OK(out);
  EXPECT_EQ((*out)[0].indices, (std::vector<uint64_t>{1}));
}

TEST_F(WriterTest, RowsWithBadShapeAreInvalidArgument) {
  Batch bad_ident{{E("a")}, {Row{"events; DROP TABLE entries", {"label"}, {std::string("x")}, {}}}};
  Batch bad_column{{E("b")}, {Row{"events", {"label) VALUES ('x'); --"}, {std::string("x")}, {}}}};
  Batch count_mismatch{{E("c")}, {Row{"events", {"entry_idx", "label"}, {int64_t{1}}, {}}}};
  Batch no_columns{{E("d")}, {Row{"events", {}, {}, {}}}};
  Batch bad_ref{{E("e")}, {Event("bad-ref", 1)}};  // the batch has one entry
  Batch good{{E("f")}, {Event("good", 0)}};
  auto out = Seq({&bad_ident, &bad_column, &count_mismatch, &no_columns, &bad_ref, &good});
  ASSERT_OK(out);
  EXPECT_TRUE(StatusIs((*out)[0].status, Code::kInvalidArgument, "not an identifier"));
  EXPECT_TRUE(StatusIs((*out)[1].status, Code::kInvalidArgument, "not an identifier"));
  EXPECT_TRUE(StatusIs((*out)[2].status, Code::kInvalidArgument, "2 columns and 1 values"));
  EXPECT_TRUE(StatusIs((*out)[3].status, Code::kInvalidArgument));
  EXPECT_TRUE(StatusIs((*out)[4].status, Code::kInvalidArgument, "entry 1 of a batch of 1"));
  ASSERT_OK((*out)[5].status);
  EXPECT_EQ((*out)[5].indices, (std::vector<uint64_t>{0}));
  EXPECT_EQ(Count("entries"), 1);
  EXPECT_EQ(Count("events"), 1);
  EXPECT_EQ(SqlInt(path_, "SELECT count(*) FROM sqlite_master WHERE name = 'entries'"), 1);
}

TEST_F(WriterTest, RowValueTypesAreStoredAsGiven) {
  ASSERT_OK(writer_->db().Exec("CREATE TABLE kinds (n, i, d, s, b, e)"));
  Batch b{{E("v0"), E("v1")},
          {Row{"kinds", {"n", "i", "d", "s", "b", "e"},
               {std::monostate{}, int64_t{-7}, 2.5, std::string("text"), B(std::string("\0\1", 2)), EntryIndexOf{1}}, {}}}};
  auto out = Seq({&b});
  ASSERT_OK(out);
  ASSERT_OK((*out)[0].status);
  EXPECT_EQ(SqlInt(path_, "SELECT count(*) FROM kinds WHERE n IS NULL AND i = -7 AND d = 2.5 AND s = 'text' "
                          "AND typeof(b) = 'blob' AND length(b) = 2 AND e = 1"),
            1);
}

TEST_F(WriterTest, OversizedEntryIsRejectedWithAClearMessage) {
  Batch max{{NewEntry{Bytes(65535, 'm'), {}}}, {}};
  Batch over{{E("fine"), NewEntry{Bytes(65536, 'o'), {}}}, {}};
  Batch after{{E("after")}, {}};
  auto out = Seq({&max, &over, &after});
  ASSERT_OK(out);
  ASSERT_OK((*out)[0].status);
  EXPECT_TRUE(StatusIs((*out)[1].status, Code::kInvalidArgument, "entry 1 of 65536 bytes exceeds the 65,535-byte limit"));
  ASSERT_OK((*out)[2].status);
  EXPECT_EQ((*out)[2].indices, (std::vector<uint64_t>{1}));
  EXPECT_EQ(Count("entries"), 2);
  EXPECT_EQ(SqlInt(path_, "SELECT length(data) FROM entries WHERE idx = 0"), 65535);
  EXPECT_EQ(EntryText(1), "after");
}

TEST_F(WriterTest, EmptyEntryIsStoredAsEmptyBlob) {
  Batch b{{E("")}, {}};
  ASSERT_OK(Seq({&b}));
  EXPECT_EQ(SqlInt(path_, "SELECT count(*) FROM entries WHERE idx = 0 AND typeof(data) = 'blob' AND length(data) = 0"), 1);
}

TEST_F(WriterTest, DedupKeyReturnsTheEarlierIndexAndWritesNothing) {
  Batch first{{E("one", "k1"), E("two", "k2")}, {Event("first", 0)}};
  ASSERT_OK(Seq({&first}));
  Batch retry{{E("one again", "k1"), E("two again", "k2")}, {Event("retry", 0)}};
  auto out = Seq({&retry});
  ASSERT_OK(out);
  ASSERT_OK((*out)[0].status);
  EXPECT_EQ((*out)[0].indices, (std::vector<uint64_t>{0, 1}));
  EXPECT_EQ((*out)[0].duplicate, (std::vector<bool>{true, true}));
  // An all-duplicate batch writes nothing: no entries, no rows, same next_index.
  EXPECT_EQ(Count("entries"), 2);
  EXPECT_EQ(Count("events"), 1);
  EXPECT_EQ(NextIndex(), 2);
  EXPECT_EQ(EntryText(0), "one");

  // Partly duplicate: the new entry gets the next index; rows are written and
  // EntryIndexOf of the duplicate resolves to the earlier index.
  Batch partial{{E("two yet again", "k2"), E("three", "k3")}, {Event("partial-dup", 0), Event("partial-new", 1)}};
  out = Seq({&partial});
  ASSERT_OK(out);
  EXPECT_EQ((*out)[0].indices, (std::vector<uint64_t>{1, 2}));
  EXPECT_EQ((*out)[0].duplicate, (std::vector<bool>{true, false}));
  EXPECT_EQ(Count("entries"), 3);
  EXPECT_EQ(SqlInt(path_, "SELECT entry_idx FROM events WHERE label = 'partial-dup'"), 1);
  EXPECT_EQ(SqlInt(path_, "SELECT entry_idx FROM events WHERE label = 'partial-new'"), 2);
  EXPECT_EQ(NextIndex(), 3);
}

TEST_F(WriterTest, DedupWithinOneGroupAndOneBatch) {
  Batch a{{E("a", "same")}, {}};
  Batch b{{E("b", "same")}, {Event("b", 0)}};           // duplicate of a, same group
  Batch c{{E("c", "twice"), E("c'", "twice")}, {}};     // duplicate inside the batch
  auto out = Seq({&a, &b, &c});
  ASSERT_OK(out);
  EXPECT_EQ((*out)[0].indices, (std::vector<uint64_t>{0}));
  EXPECT_EQ((*out)[1].indices, (std::vector<uint64_t>{0}));
  EXPECT_EQ((*out)[1].duplicate, (std::vector<bool>{true}));
  EXPECT_EQ((*out)[2].indices, (std::vector<uint64_t>{1, 1}));
  EXPECT_EQ((*out)[2].duplicate, (std::vector<bool>{false, true}));
  EXPECT_EQ(Count("entries"), 2);
  EXPECT_EQ(Count("events"), 0);  // b was all-duplicate
  EXPECT_EQ(NextIndex(), 2);
  EXPECT_EQ(EntryText(1), "c");
}

TEST_F(WriterTest, DedupKeyOfAFailedBatchDoesNotLinger) {
  Batch taken{{E("x")}, {Event("taken", 0)}};
  ASSERT_OK(Seq({&taken}));
  Batch bad{{E("y", "key")}, {Event("taken", 0)}};  // fails on the UNIQUE label
  auto out = Seq({&bad});
  ASSERT_OK(out);
  EXPECT_FALSE((*out)[0].status.ok());
  Batch again{{E("y", "key")}, {}};
  out = Seq({&again});
  ASSERT_OK(out);
  EXPECT_EQ((*out)[0].duplicate, (std::vector<bool>{false}));
  EXPECT_EQ((*out)[0].indices, (std::vector<uint64_t>{1}));
  EXPECT_EQ(Count("dedup"), 1);
}

TEST_F(WriterTest, StateSurvivesReopen) {
  Batch b{{E("a"), E("b"), E("c")}, {}};
  ASSERT_OK(Seq({&b}));
  writer_.reset();
  auto w = SqliteLogWriter::Open(path_);
  ASSERT_OK(w);
  writer_ = std::move(*w);
  EXPECT_EQ(writer_->LoadState()->next_index, 3u);
  Batch c{{E("d")}, {}};
  auto out = Seq({&c});
  ASSERT_OK(out);
  EXPECT_EQ((*out)[0].indices, (std::vector<uint64_t>{3}));
  auto entries = writer_->ReadEntries(1, 4);
  ASSERT_OK(entries);
  EXPECT_EQ(*entries, (std::vector<Bytes>{B("b"), B("c"), B("d")}));
  EXPECT_TRUE(StatusIs(writer_->ReadEntries(2, 5), Code::kCorruption, "entry 4 is missing"));
}

TEST_F(WriterTest, ReadEntriesReportsAGap) {
  Batch b{{E("a"), E("b"), E("c")}, {}};
  ASSERT_OK(Seq({&b}));
  ASSERT_TRUE(orelog::testing::SqlExec(path_, "DELETE FROM entries WHERE idx = 1"));
  EXPECT_TRUE(StatusIs(writer_->ReadEntries(0, 3), Code::kCorruption, "entry 1 is missing"));
}

TEST_F(WriterTest, IntegrateChecksOldSizeAndWritesNothingOnMismatch) {
  Batch b{{E("a"), E("b"), E("c")}, {}};
  ASSERT_OK(Seq({&b}));
  std::vector<Hash> range{H(1), H(2)};  // popcount(3) roots
  TileWrite tile{0, 0, Bytes(4 * 32, 0xaa)};  // width 3: 3 + 1 hashes
  EXPECT_TRUE(StatusIs(writer_->Integrate(1, 3, range, {&tile, 1}), Code::kFailedPrecondition, "integrated size is 0, not 1"));
  EXPECT_EQ(Count("tiles"), 0);
  EXPECT_EQ(writer_->LoadState()->integrated, 0u);

  ASSERT_OK(writer_->Integrate(0, 3, range, {&tile, 1}));
  auto state = writer_->LoadState();
  ASSERT_OK(state);
  EXPECT_EQ(state->integrated, 3u);
  EXPECT_EQ(state->compact_range, range);
  EXPECT_EQ(*writer_->ReadNodeTile(0, 0), tile.nodes);
  EXPECT_TRUE(writer_->ReadNodeTile(0, 1)->empty());

  // A stale integrator (old size 0 again) loses and changes nothing.
  TileWrite other{0, 0, Bytes(4 * 32, 0xbb)};
  EXPECT_TRUE(StatusIs(writer_->Integrate(0, 3, range, {&other, 1}), Code::kFailedPrecondition));
  EXPECT_EQ(*writer_->ReadNodeTile(0, 0), tile.nodes);
  EXPECT_OK(writer_->fatal());
}

TEST_F(WriterTest, LoadStateDetectsInconsistentState) {
  ASSERT_TRUE(orelog::testing::SqlExec(path_, "UPDATE log_state SET integrated = 5"));
  EXPECT_TRUE(StatusIs(writer_->LoadState(), Code::kCorruption, "exceeds next_index"));
  ASSERT_TRUE(orelog::testing::SqlExec(path_, "UPDATE log_state SET next_index = 5"));
  EXPECT_TRUE(StatusIs(writer_->LoadState(), Code::kCorruption, "compact range of 0 bytes"));
}

TEST_F(WriterTest, PublishCheckpointIsCompareAndSwap) {
  ASSERT_OK(writer_->PublishCheckpoint("", 0, "note-0\n"));
  // Wrong old note (someone else published): refused, nothing recorded.
  EXPECT_TRUE(StatusIs(writer_->PublishCheckpoint("", 1, "note-1\n"), Code::kFailedPrecondition, "compare-and-swap"));
  EXPECT_TRUE(StatusIs(writer_->PublishCheckpoint("stale\n", 1, "note-1\n"), Code::kFailedPrecondition));
  EXPECT_EQ(writer_->LoadState()->checkpoint, "note-0\n");
  ASSERT_OK(writer_->PublishCheckpoint("note-0\n", 2, "note-2\n"));
  ASSERT_OK(writer_->PublishCheckpoint("note-2\n", 5, "note-5\n"));
  EXPECT_TRUE(StatusIs(writer_->PublishCheckpoint("note-2\n", 6, "note-6\n"), Code::kFailedPrecondition));
  EXPECT_EQ(writer_->LoadState()->checkpoint, "note-5\n");

  auto reader = SqliteLogReader::Open(path_);
  ASSERT_OK(reader);
  EXPECT_EQ(*(*reader)->Checkpoint(), "note-5\n");
  auto history = (*reader)->CheckpointHistory();
  ASSERT_OK(history);
  using P = std::pair<uint64_t, std::string>;
  EXPECT_EQ(*history, (std::vector<P>{{0, "note-0\n"}, {2, "note-2\n"}, {5, "note-5\n"}}));
  EXPECT_EQ(SqlInt(path_, "SELECT count(*) FROM checkpoints WHERE published_at > 1700000000"), 3);
}

TEST_F(WriterTest, ReaderReportsNoCheckpointBeforeTheFirst) {
  auto reader = SqliteLogReader::Open(path_);
  ASSERT_OK(reader);
  EXPECT_TRUE(StatusIs((*reader)->Checkpoint(), Code::kNotFound, "no checkpoint"));
  EXPECT_TRUE((*reader)->CheckpointHistory()->empty());
}

}  // namespace
}  // namespace orelog::store::sqlite
