#include "server/custody_routes.h"

#include <charconv>
#include <chrono>

#include <boost/json.hpp>

#include "custody/history.h"
#include "custody/views.h"
#include "epcis/timestamp.h"
#include "log/proofs.h"
#include "merkle/hasher.h"
#include "passport/passport.h"
#include "tlog/checkpoint.h"
#include "tlog/note.h"
#include "epcis/gs1_keys.h"
#include "query/instant.h"
#include "query/query_string.h"

namespace orelog::server {
namespace json = boost::json;
namespace {

Response JsonOk(const json::object& body) { return JsonAnswer(200, json::serialize(body)); }

Response FromResult(const Result<json::object>& r) {
  if (!r.ok()) return ProblemResponse(r.status());
  return JsonOk(*r);
}

Response NotAllowedGet() { return NotAllowedHere("GET"); }

// The query parameters as a map; unknown parameters are refused by callers.
Result<std::map<std::string, std::string>> Params(const Request& r, std::initializer_list<std::string_view> allowed) {
  ORELOG_ASSIGN_OR_RETURN(std::vector<query::QueryParam> params, query::SplitQueryString(r.Query()));
  std::map<std::string, std::string> out;
  for (query::QueryParam& p : params) {
    if (std::find(allowed.begin(), allowed.end(), p.name) == allowed.end()) {
      return Status::Invalid("unknown query parameter " + p.name);
    }
    if (!out.emplace(p.name, std::move(p.value)).second) return Status::Invalid("repeated query parameter " + p.name);
  }
  return out;
}

Result<int64_t> TimeParam(const std::map<std::string, std::string>& params, const std::string& name, int64_t fallback) {
  auto it = params.find(name);
  if (it == params.end()) return fallback;
  auto t = query::InstantMillis(it->second);
  if (!t.ok()) return Status::Invalid(name + " must be a date-time with a zone: " + t.status().message());
  return *t;
}

// The event IDs an answer names: members "eventID" and the strings of
// "assayEventIDs" and "evidence" arrays, at any depth.
void CollectEventIds(const json::value& v, std::vector<std::string>& out) {
  if (const json::array* a = v.if_array()) {
    for (const json::value& x : *a) CollectEventIds(x, out);
    return;
  }
  const json::object* o = v.if_object();
  if (o == nullptr) return;
  for (const auto& [key, value] : *o) {
    if (key == "eventID" && value.is_string()) {
      out.emplace_back(value.get_string());
    } else if ((key == "assayEventIDs" || key == "evidence") && value.is_array()) {
      for (const json::value& x : value.get_array()) {
        if (x.is_string()) out.emplace_back(x.get_string());
        else CollectEventIds(x, out);
      }
    } else {
      CollectEventIds(value, out);
    }
  }
}

// Who asks, and where entitlement is looked up.
struct Asker {
  const repo::Viewer& viewer;
  repo::EventReader* events;
  FullRead* read;
};

// Whether the viewer is entitled to every event at `indices` and every
// event `answer` names; false when that cannot be told (an event the
// reader's snapshot does not have yet).
bool EntitledToAnswer(const Asker& a, const std::vector<uint64_t>& indices, const json::object& answer) {
  if (a.events == nullptr) return false;
  auto by_index = a.events->EntitledToAll(a.viewer, indices);
  if (!by_index.ok() || !*by_index) return false;
  std::vector<std::string> ids;
  CollectEventIds(answer, ids);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  auto by_id = a.events->EntitledToAllIds(a.viewer, ids);
  return by_id.ok() && *by_id;
}

// The answer `compute` gives from the book the asker may see
// (docs/participants.md §3.2): the full book for audit, the public book for
// the public, and for a participant the full book only if it is entitled to
// every event `rests_on(full_book)` lists and every event the answer names.
// Decided and answered under one lock, so the book cannot change between.
template <typename Compute, typename RestsOn>
Result<json::object> Answer(repo::CustodyView& view, const Asker& a, Compute&& compute, RestsOn&& rests_on) {
  using Kind = repo::Viewer::Kind;
  if (a.viewer.kind != Kind::kParty) {
    const bool full = a.viewer.kind == Kind::kAll;
    return view.ReadBoth([&](const custody::Book& pub, const custody::Book& all) -> Result<json::object> {
      Result<json::object> answer = compute(full ? all : pub);
      if (full && answer.ok() && a.read != nullptr) {
        a.read->full = true;
        a.read->indices = rests_on(all);
      }
      return answer;
    });
  }
  return view.ReadBoth([&](const custody::Book& pub, const custody::Book& all) -> Result<json::object> {
    Result<json::object> answer = compute(all);
    if (answer.ok()) {
      std::vector<uint64_t> indices = rests_on(all);
      if (EntitledToAnswer(a, indices, *answer)) {
        if (a.read != nullptr) {
          a.read->full = true;
          a.read->indices = std::move(indices);
        }
        return answer;
      }
    }
    return compute(pub);
  });
}

// What a lot's answers rest on: its whole upstream history.
auto LotHistory(std::string_view lot) {
  return [lot](const custody::Book& b) {
    auto h = custody::HistoryIndices(b, lot, {});
    return h.ok() ? std::move(*h) : std::vector<uint64_t>{};
  };
}

int64_t NowMillis() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

Response Lots(const Request& r, std::string_view rest, const Asker& asker, repo::CustodyView& view,
              const PassportSources& passport, std::string& route) {
  std::string_view tail;
  if (size_t slash = rest.find('/'); slash != std::string_view::npos) {
    tail = rest.substr(slash);
    rest = rest.substr(0, slash);
  }
  route = tail.empty() ? "lot" : "lot_" + std::string(tail.substr(1));
  auto id = epcis::PercentDecode(rest);
  if (!id.ok() || id->empty()) return HttpProblemResponse(400, "bad lot ID in the path");
  if (r.method != "GET") return NotAllowedGet();
  if (tail.empty()) {
    auto params = Params(r, {});
    if (!params.ok()) return ProblemResponse(params.status());
    return FromResult(Answer(view, asker, [&](const custody::Book& b) { return custody::LotJson(b, *id); }, LotHistory(*id)));
  }
  if (tail == "/trace") {
    auto params = Params(r, {"direction", "depth"});
    if (!params.ok()) return ProblemResponse(params.status());
    custody::Direction dir = custody::Direction::kUpstream;
    if (auto d = params->find("direction"); d != params->end()) {
      if (d->second == "downstream") {
        dir = custody::Direction::kDownstream;
      } else if (d->second != "upstream") {
        return HttpProblemResponse(400, "direction must be upstream or downstream");
      }
    }
    int depth = 20;
    if (auto d = params->find("depth"); d != params->end()) {
      auto [p, ec] = std::from_chars(d->second.data(), d->second.data() + d->second.size(), depth);
      if (ec != std::errc() || p != d->second.data() + d->second.size() || depth < 1 || depth > 64) {
        return HttpProblemResponse(400, "depth must be an integer from 1 to 64");
      }
    }
    return FromResult(Answer(
        view, asker, [&](const custody::Book& b) { return custody::TraceJson(b, *id, dir, depth); }, LotHistory(*id)));
  }
  if (tail == "/passport") {
    auto params = Params(r, {});
    if (!params.ok()) return ProblemResponse(params.status());
    return PassportResponse(*id, asker.viewer, view, passport, asker.read);
  }
  if (tail == "/origin") {
    auto params = Params(r, {});
    if (!params.ok()) return ProblemResponse(params.status());
    return FromResult(Answer(view, asker, [&](const custody::Book& b) { return custody::OriginJson(b, *id); }, LotHistory(*id)));
  }
  route = "other";
  return HttpProblemResponse(404, "no such resource");
}

}  // namespace

Response PassportResponse(std::string_view lot, const repo::Viewer& viewer, repo::CustodyView& view,
                          const PassportSources& src, FullRead* read) {
  if (src.ledger == nullptr || src.log == nullptr || src.events == nullptr) {
    return HttpProblemResponse(503, "passports are signed by the writing server; this one is read-only");
  }
  const int64_t now = NowMillis();
  struct Gathered {
    Status status;
    json::object figures;
    std::vector<uint64_t> indices;
    std::vector<custody::SiteFacts> sites;
    std::vector<custody::Flag> flags;
  };
  auto gather = [&](repo::Access access) {
    return view.ReadWithFlags(access, now, [&](const custody::Book& pub, const custody::Book&,
                                               const std::vector<custody::Flag>& flags) {
      Gathered out;
      // Figures from the public forms, so that anyone can recompute them from
      // the leaves; flags as the caller may see them.
      auto figures = custody::PassportFigures(pub, lot);
      if (!figures.ok()) {
        out.status = figures.status();
        return out;
      }
      out.figures = std::move(*figures);
      out.flags = custody::FlagsOfHistory(pub, lot, flags);
      auto history = custody::HistoryWithSites(pub, lot, out.flags);
      if (!history.ok()) {
        out.status = history.status();
        return out;
      }
      out.indices = std::move(history->indices);
      out.sites = std::move(history->sites);
      return out;
    });
  };
  // Full flags (and disclosures) for audit; for a participant only when it
  // is entitled to every leaf the passport embeds, flags' evidence included.
  repo::Access access = viewer.kind == repo::Viewer::Kind::kPublic ? repo::Access::kPublic : repo::Access::kFull;
  Gathered g = gather(access);
  if (g.status.ok() && viewer.kind == repo::Viewer::Kind::kParty) {
    auto entitled = src.events->EntitledToAll(viewer, g.indices);
    if (!entitled.ok() || !*entitled) {
      access = repo::Access::kPublic;
      g = gather(access);
    }
  }
  if (!g.status.ok()) return ProblemResponse(g.status);
  if (g.indices.size() > passport::kMaxLeaves) {
    return HttpProblemResponse(413, "the lot's history has " + std::to_string(g.indices.size()) +
                                        " events; a passport embeds at most " + std::to_string(passport::kMaxLeaves));
  }
  auto note = src.log->Checkpoint();
  if (!note.ok()) return ProblemResponse(note.status());
  auto parsed = tlog::ParseNote(*note);
  if (!parsed.ok()) return ProblemResponse(Status::Corruption("stored checkpoint: " + parsed.status().message()));
  auto cp = tlog::ParseCheckpoint(parsed->text);
  if (!cp.ok()) return ProblemResponse(Status::Corruption("stored checkpoint: " + cp.status().message()));
  if (!g.indices.empty() && g.indices.back() >= cp->size) {
    Response res = HttpProblemResponse(503, "the lot's latest event is not yet covered by a checkpoint; retry in a second");
    res.headers.emplace_back("Retry-After", "1");
    return res;
  }
  if (g.indices.empty()) return HttpProblemResponse(404, "no events about this lot are logged");
  passport::Contents c;
  c.lot = std::string(lot);
  c.issued_at = epcis::FormatUtcMillis(now).value_or("");
  c.full_access = access == repo::Access::kFull;
  if (c.full_access && read != nullptr) {
    read->full = true;
    read->indices = g.indices;
  }
  c.checkpoint = *note;
  c.sites = std::move(g.sites);
  c.figures = std::move(g.figures);
  c.flags = std::move(g.flags);
  // Entries and proof nodes each in one read snapshot.
  auto entries = src.log->Entries(g.indices);
  if (!entries.ok()) return ProblemResponse(entries.status());
  merkle::Hasher hasher;
  auto proof = log::MultiInclusionProof(*src.log, hasher, g.indices, cp->size);
  if (!proof.ok()) return ProblemResponse(proof.status());
  c.proof = std::move(*proof);
  c.leaves.reserve(g.indices.size());
  for (size_t i = 0; i < g.indices.size(); ++i) {
    passport::Leaf leaf;
    leaf.index = g.indices[i];
    leaf.entry = std::move((*entries)[i]);
    if (c.full_access) {
      auto stored = src.events->EventAt(leaf.index, viewer);
      if (!stored.ok()) return ProblemResponse(stored.status());
      if (!stored->full) return HttpProblemResponse(503, "the lot's history changed while the passport was made; retry");
      boost::system::error_code ec;
      json::value ds = json::parse(stored->disclosures, ec);
      if (!ec && ds.is_array()) {
        for (const json::value& d : ds.get_array()) {
          if (d.is_string()) leaf.disclosures.emplace_back(d.get_string());
        }
      }
    }
    c.leaves.push_back(std::move(leaf));
  }
  const json::object claims = passport::Claims(c);
  auto body = passport::SigningBody(claims);
  if (!body.ok()) return ProblemResponse(body.status());
  auto sig = src.ledger->SignDocument(passport::kSignatureDomain, *body);
  if (!sig.ok()) return ProblemResponse(sig.status());
  Response r;
  r.status = 200;
  r.headers.emplace_back("Content-Type", "application/json");
  r.headers.emplace_back("Cache-Control", "no-store");
  r.body = passport::Document(c, claims, src.ledger->vkey(), ByteView(sig->data(), sig->size()));
  return r;
}

namespace {

// The red flags the asker may see: all (audit), the public flags (public),
// or for a participant each flag in full when it is entitled to all of its
// evidence, else in its public form when the public sees it.
Result<std::vector<custody::Flag>> VisibleFlags(repo::CustodyView& view, const Asker& a, int64_t now) {
  using Kind = repo::Viewer::Kind;
  auto copy = [&](repo::Access access) {
    return view.ReadWithFlags(access, now, [](const custody::Book&, const custody::Book&,
                                              const std::vector<custody::Flag>& flags) { return flags; });
  };
  if (a.viewer.kind == Kind::kPublic) return copy(repo::Access::kPublic);
  std::vector<custody::Flag> full = copy(repo::Access::kFull);
  if (a.viewer.kind == Kind::kAll) {
    if (a.read != nullptr) a.read->full = true;
    return full;
  }
  std::map<std::string, custody::Flag> public_by_id;
  for (custody::Flag& f : copy(repo::Access::kPublic)) {
    std::string id = f.id;
    public_by_id.emplace(std::move(id), std::move(f));
  }
  std::vector<custody::Flag> out;
  for (custody::Flag& f : full) {
    auto entitled = a.events != nullptr ? a.events->EntitledToAllIds(a.viewer, f.evidence) : Result<bool>(false);
    if (entitled.ok() && *entitled) {
      if (a.read != nullptr) a.read->full = true;
      out.push_back(std::move(f));
    } else if (auto p = public_by_id.find(f.id); p != public_by_id.end()) {
      out.push_back(std::move(p->second));
    }
  }
  return out;
}

}  // namespace

bool IsCustodyPath(std::string_view path) {
  return path.starts_with("/lots/") || path == "/balances" || path.starts_with("/shipments/") || path == "/flags";
}

std::optional<Response> HandleCustody(const Request& r, const repo::Viewer& viewer, repo::CustodyView& view,
                                      const PassportSources& passport, std::string& route, FullRead* read) {
  const Asker asker{viewer, passport.events, read};
  std::string_view path = r.Path();
  if (path.starts_with("/lots/")) return Lots(r, path.substr(6), asker, view, passport, route);
  if (path == "/balances") {
    route = "balances";
    if (r.method != "GET") return NotAllowedGet();
    auto params = Params(r, {"site", "from", "to"});
    if (!params.ok()) return ProblemResponse(params.status());
    auto from = TimeParam(*params, "from", INT64_MIN);
    if (!from.ok()) return ProblemResponse(from.status());
    auto to = TimeParam(*params, "to", INT64_MAX);
    if (!to.ok()) return ProblemResponse(to.status());
    std::string site = params->count("site") ? params->at("site") : "";
    return FromResult(Answer(
        view, asker, [&](const custody::Book& b) -> Result<json::object> { return custody::BalancesJson(b, site, *from, *to); },
        [&](const custody::Book& b) { return custody::BalanceIndices(b, site, *from, *to); }));
  }
  if (path.starts_with("/shipments/")) {
    route = "settlement";
    std::string_view rest = path.substr(11);
    constexpr std::string_view kTail = "/settlement";
    if (!rest.ends_with(kTail)) {
      route = "other";
      return HttpProblemResponse(404, "no such resource");
    }
    auto id = epcis::PercentDecode(rest.substr(0, rest.size() - kTail.size()));
    if (!id.ok() || id->empty()) return HttpProblemResponse(400, "bad shipment ID in the path");
    if (r.method != "GET") return NotAllowedGet();
    auto params = Params(r, {});
    if (!params.ok()) return ProblemResponse(params.status());
    return FromResult(Answer(view, asker, [&](const custody::Book& b) { return custody::SettlementJson(b, *id); },
                             [&](const custody::Book& b) { return custody::SettlementIndices(b, *id); }));
  }
  if (path == "/flags") {
    route = "flags";
    if (r.method != "GET") return NotAllowedGet();
    auto params = Params(r, {"kind", "lot", "subject", "state", "severity"});
    if (!params.ok()) return ProblemResponse(params.status());
    custody::FlagFilter filter;
    if (params->count("kind")) filter.kind = params->at("kind");
    if (params->count("lot")) filter.lot = params->at("lot");
    if (params->count("subject")) filter.subject = params->at("subject");
    if (params->count("state")) {
      filter.state = params->at("state");
      if (filter.state != "open" && filter.state != "resolved") {
        return HttpProblemResponse(400, "state must be open or resolved");
      }
    }
    if (params->count("severity")) {
      const std::string& s = params->at("severity");
      if (s != "1" && s != "2" && s != "3") return HttpProblemResponse(400, "severity must be 1, 2 or 3 (the most serious kept)");
      filter.max_severity = s[0] - '0';
    }
    auto flags = VisibleFlags(view, asker, NowMillis());
    if (!flags.ok()) return ProblemResponse(flags.status());
    return JsonOk(custody::FlagsJson(*flags, filter));
  }
  return std::nullopt;
}

}  // namespace orelog::server
