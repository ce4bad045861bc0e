#include "server/router.h"

#include <strings.h>

#include "server/problem.h"
#include "tlog/tile.h"

namespace orelog::server {
Response FromProblem(const Problem& p) {
  Response r;
  r.status = p.http_status;
  r.headers.emplace_back("Content-Type", kProblemContentType);
  r.headers.emplace_back("Cache-Control", "no-store");
  if (p.retry_after_seconds > 0) r.headers.emplace_back("Retry-After", std::to_string(p.retry_after_seconds));
  r.body = p.body;
  return r;
}

namespace {

Response MethodNotAllowed() {
  Response r = HttpProblemResponse(405, "only GET is supported here");
  r.headers.emplace_back("Allow", "GET");
  return r;
}

Response Ok(std::string content_type, std::string cache_control, std::string body) {
  Response r;
  r.headers.emplace_back("Content-Type", std::move(content_type));
  r.headers.emplace_back("Cache-Control", std::move(cache_control));
  r.body = std::move(body);
  return r;
}

}  // namespace

namespace {
std::string_view FindHeader(const std::vector<std::pair<std::string, std::string>>& headers, std::string_view name) {
  for (const auto& [k, v] : headers) {
    if (k.size() == name.size() && strncasecmp(k.data(), name.data(), k.size()) == 0) return v;
  }
  return {};
}
}  // namespace

std::string_view Response::Header(std::string_view name) const { return FindHeader(headers, name); }
std::string_view Request::Header(std::string_view name) const { return FindHeader(headers, name); }

std::string_view Request::Path() const {
  std::string_view t = target;
  size_t q = t.find('?');
  return q == std::string_view::npos ? t : t.substr(0, q);
}

std::string_view Request::Query() const {
  std::string_view t = target;
  size_t q = t.find('?');
  return q == std::string_view::npos ? std::string_view() : t.substr(q + 1);
}

Response ProblemResponse(const Status& status) { return FromProblem(MakeProblem(status)); }

Response HttpProblemResponse(int http_status, std::string_view detail) {
  return FromProblem(MakeHttpProblem(http_status, detail));
}

Response NotAllowedHere(std::string_view allow) {
  Response r = HttpProblemResponse(405, "allowed here: " + std::string(allow));
  r.headers.emplace_back("Allow", std::string(allow));
  return r;
}

Response JsonAnswer(int status, std::string body, std::string_view type) {
  Response r;
  r.status = status;
  r.headers.emplace_back("Content-Type", std::string(type));
  r.headers.emplace_back("Cache-Control", "no-store");
  r.body = std::move(body);
  return r;
}

Response Router::Handle(const Request& request) {
  std::string_view path = request.target;
  if (size_t q = path.find('?'); q != std::string_view::npos) path = path.substr(0, q);
  const bool get = request.method == "GET";

  if (path == "/healthz") {
    if (!get) return MethodNotAllowed();
    return Ok("text/plain; charset=utf-8", "no-store", "ok\n");
  }
  if (path == "/checkpoint") {
    if (!get) return MethodNotAllowed();
    auto note = reader_.Checkpoint();
    if (!note.ok()) return ProblemResponse(note.status());
    return Ok("text/plain; charset=utf-8", kCheckpointCacheControl, std::move(*note));
  }
  if (path.starts_with("/tile/")) {
    if (!get) return MethodNotAllowed();
    auto ref = tlog::ParseTilePath(path.substr(1));
    if (!ref.ok()) return ProblemResponse(Status::Invalid(ref.status().message()));
    auto data = ref->entries ? reader_.EntryBundle(ref->index, ref->width)
                             : reader_.Tile(ref->level, ref->index, ref->width);
    if (!data.ok()) return ProblemResponse(data.status());
    const bool full = ref->width == tlog::kTileWidth;
    return Ok("application/octet-stream", full ? kFullTileCacheControl : kPartialTileCacheControl,
              std::string(data->begin(), data->end()));
  }
  return HttpProblemResponse(404, "no such resource");
}

}  // namespace orelog::server
