#include "server/router.h"

#include <gtest/gtest.h>

#include "server/problem.h"
#include "server/server_test_fixture.h"
#include "tlog/tile.h"

namespace orelog::server {
namespace {

TEST(ProblemTest, MapsCodesToHttpStatuses) {
  EXPECT_EQ(HttpStatusFor(Code::kNotFound), 404);
  EXPECT_EQ(HttpStatusFor(Code::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatusFor(Code::kAlreadyExists), 409);
  EXPECT_EQ(HttpStatusFor(Code::kFailedPrecondition), 409);
  EXPECT_EQ(HttpStatusFor(Code::kVerificationFailed), 422);
  EXPECT_EQ(HttpStatusFor(Code::kUnavailable), 503);
  EXPECT_EQ(HttpStatusFor(Code::kIOError), 500);
  EXPECT_EQ(HttpStatusFor(Code::kCorruption), 500);
  EXPECT_EQ(HttpStatusFor(Code::kInternal), 500);
}

TEST(ProblemTest, BodyHasTheRfc7807Fields) {
  Problem p = MakeProblem(Status::NotFound("tile 0/5 is \"missing\"\n"));
  EXPECT_EQ(p.http_status, 404);
  EXPECT_EQ(p.retry_after_seconds, 0);
  EXPECT_EQ(p.body,
            R"({"type":"urn:orelog:problem:not-found","title":"Not Found","status":404,)"
            R"("detail":"tile 0/5 is \"missing\"\u000a"})");
}

TEST(ProblemTest, UnavailableHasRetryAfterAndInternalDetailIsHidden) {
  EXPECT_EQ(MakeProblem(Status::Unavailable("queue full")).retry_after_seconds, 1);
  Problem p = MakeProblem(Status::IOError("/secret/path: disk on fire"));
  EXPECT_EQ(p.http_status, 500);
  EXPECT_EQ(p.body.find("secret"), std::string::npos);
}

TEST(ProblemTest, JsonStringReplacesInvalidUtf8) {
  EXPECT_EQ(JsonString("a\xff" "b"), "\"a\xEF\xBF\xBD" "b\"");
  EXPECT_EQ(JsonString("\xC3\xA9"), "\"\xC3\xA9\"");
  EXPECT_EQ(JsonString("\xED\xA0\x80"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");  // surrogate
  EXPECT_EQ(JsonString("\xC0\xAF"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");                  // overlong
  EXPECT_EQ(MakeHttpProblem(405, "x").body, R"({"type":"about:blank","title":"Method Not Allowed","status":405,"detail":"x"})");
}

class RouterTest : public LedgerFixture {
 protected:
  Response Get(const std::string& target) { return Router(*reader_).Handle({"GET", target}); }
};

TEST_F(RouterTest, Healthz) {
  Response r = Get("/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "ok\n");
}

TEST_F(RouterTest, CheckpointIsTheLedgers) {
  Response r = Get("/checkpoint");
  EXPECT_EQ(r.status, 200);
  auto want = ledger_->Checkpoint();
  ASSERT_OK(want);
  EXPECT_EQ(r.body, *want);
  EXPECT_EQ(r.Header("content-type"), "text/plain; charset=utf-8");
  EXPECT_EQ(r.Header("Cache-Control"), kCheckpointCacheControl);
  EXPECT_EQ(Get("/checkpoint?x=1").body, *want);  // query strings are ignored
}

TEST_F(RouterTest, EveryTileAndBundleIsServedWithItsCaching) {
  auto tiles = tlog::TilesForTreeSize(kSize);
  ASSERT_FALSE(tiles.empty());
  int full = 0, partial = 0;
  for (const tlog::TileRef& t : tiles) {
    SCOPED_TRACE(t.Path());
    Response r = Get("/" + t.Path());
    ASSERT_EQ(r.status, 200) << r.body;
    auto want = t.entries ? reader_->EntryBundle(t.index, t.width) : reader_->Tile(t.level, t.index, t.width);
    ASSERT_OK(want);
    EXPECT_EQ(r.body, std::string(want->begin(), want->end()));
    EXPECT_EQ(r.Header("Content-Type"), "application/octet-stream");
    if (t.width == tlog::kTileWidth) {
      EXPECT_EQ(r.Header("Cache-Control"), kFullTileCacheControl);
      ++full;
    } else {
      EXPECT_EQ(r.Header("Cache-Control"), kPartialTileCacheControl);
      ++partial;
    }
  }
  EXPECT_GT(full, 0);
  EXPECT_GT(partial, 0);
}

TEST_F(RouterTest, MalformedTilePathIs400Problem) {
  for (const char* p : {"/tile/0/1", "/tile/0/0001", "/tile/0/x1", "/tile/0/0.p/256", "/tile/0/0.p/0", "/tile/entries/", "/tile/64/0",
                        "/tile/0/0/"}) {
    SCOPED_TRACE(p);
    Response r = Get(p);
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.Header("Content-Type"), kProblemContentType);
    EXPECT_NE(r.body.find("\"status\":400"), std::string::npos) << r.body;
  }
}

TEST_F(RouterTest, AbsentTileIs404Problem) {
  for (const char* p : {"/tile/0/005", "/tile/entries/009", "/tile/0/002.p/200", "/tile/entries/002.p/255", "/tile/2/000.p/1"}) {
    SCOPED_TRACE(p);
    Response r = Get(p);
    EXPECT_EQ(r.status, 404) << r.body;
    EXPECT_EQ(r.Header("Content-Type"), kProblemContentType);
  }
}

TEST_F(RouterTest, UnknownPathIs404AndWrongMethodIs405) {
  EXPECT_EQ(Get("/").status, 404);
  EXPECT_EQ(Get("/checkpoints").status, 404);
  EXPECT_EQ(Get("/tiles/0/0").status, 404);
  Router router(*reader_);
  for (const char* p : {"/checkpoint", "/healthz", "/tile/0/0"}) {
    Response r = router.Handle({"POST", p});
    EXPECT_EQ(r.status, 405) << p;
    EXPECT_EQ(r.Header("Allow"), "GET");
  }
}

}  // namespace
}  // namespace orelog::server
