// openepcis query cases (JSON/Query/Queries): each JSON query object is
// turned into GET parameters (one per member; arrays joined with '|';
// "@context" is JSON-LD framing, not a parameter) and parsed.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>

#include <boost/json.hpp>

#include "query/query.h"
#include "query/query_string.h"
#include "testutil/shared_data.h"

namespace orelog::query {
namespace {

namespace json = boost::json;

std::filesystem::path QueriesDir() {
  return orelog::testing::SharedDir() /
         "conformance/epcis/openepcis-test-resources/core/src/main/resources/2.0/EPCIS/JSON/Query/Queries";
}

std::string ValueText(const json::value& v) {
  if (v.is_string()) return PercentEncodeQueryValue(v.get_string());
  if (v.is_null()) return "";
  return PercentEncodeQueryValue(json::serialize(v));
}

std::string Param(std::string_view name, const json::value& v) {
  std::string out = PercentEncodeQueryValue(name);
  if (v.is_null()) return out;
  std::string value;
  if (v.is_array()) {
    for (const auto& item : v.get_array()) value += (value.empty() ? "" : "|") + ValueText(item);
  } else {
    value = ValueText(v);
  }
  return out + "=" + value;
}

// The members of a query file in document order, as GET parameters.
std::vector<std::pair<std::string, std::string>> Params(const std::filesystem::path& file) {
  json::object o = json::parse(orelog::testing::ReadFileOrDie(file)).as_object();
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [k, v] : o) {
    if (k == "@context") continue;
    out.emplace_back(std::string(k), Param(k, v));
  }
  return out;
}

std::string Join(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string q;
  for (const auto& [name, p] : params) q += (q.empty() ? "" : "&") + p;
  return q;
}

TEST(QueryConformance, SimpleEventQueryIsAccepted) {
  const std::string q = Join(Params(QueriesDir() / "SimpleEventQuery.json"));
  auto r = ParseQuery(q);
  ASSERT_TRUE(r.ok()) << q << ": " << r.status().ToString();
  EXPECT_EQ(r->event_types, (std::vector<std::string>{"ObjectEvent", "AggregationEvent"}));
  EXPECT_EQ(r->actions, (std::vector<std::string>{"ADD", "OBSERVE"}));
  EXPECT_EQ(*r->ge_event_time, 1767222000000);  // 2025-12-31T23:00:00Z
  EXPECT_EQ(r->biz_steps, std::vector<std::string>{"https://ref.gs1.org/cbv/BizStep-shipping"});
  EXPECT_EQ(r->match_epc, (std::vector<IdMatch>{{"https://id.gs1.org/01/09521141012345/21/2017", false}}));
  EXPECT_EQ(r->quantity_conditions.size(), 2u);
  EXPECT_EQ(r->order_by, OrderBy::kEventTime);
  EXPECT_EQ(r->direction, Direction::kDesc);
  EXPECT_EQ(r->event_count_limit, 100u);
}

// Every file under Queries/Invalid, with the members at fault. The whole
// query must be rejected naming the first of them (in document order);
// each member alone must be rejected exactly when it is at fault.
const std::map<std::string, std::set<std::string>>& InvalidTable() {
  static const std::map<std::string, std::set<std::string>> kTable = {
      {"Query_with_invalid_values.json", {"GE_eventTime", "EQ_action", "orderDirection"}},
      {"Query_with_unknown_parameter.json", {"GE_eventDate"}},
  };
  return kTable;
}

TEST(QueryConformance, EveryInvalidQueryIsRejectedNamingTheParameter) {
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(QueriesDir() / "Invalid")) {
    if (entry.path().extension() != ".json") continue;
    ++files;
    const std::string name = entry.path().filename().string();
    auto it = InvalidTable().find(name);
    ASSERT_NE(it, InvalidTable().end()) << name << " has no entry in the table";
    const auto params = Params(entry.path());
    std::string first;
    for (const auto& [member, p] : params) {
      if (first.empty() && it->second.count(member)) first = member;
      auto alone = ParseQuery(p);
      if (it->second.count(member)) {
        ASSERT_FALSE(alone.ok()) << name << ": " << p;
        EXPECT_EQ(alone.status().code(), Code::kInvalidArgument);
        EXPECT_TRUE(alone.status().message().starts_with(member + ":")) << name << ": " << alone.status().message();
      } else {
        EXPECT_TRUE(alone.ok()) << name << ": " << p << ": " << alone.status().ToString();
      }
    }
    ASSERT_FALSE(first.empty()) << name << ": no member of the table found in the file";
    auto whole = ParseQuery(Join(params));
    ASSERT_FALSE(whole.ok()) << name;
    EXPECT_TRUE(whole.status().message().starts_with(first + ":")) << name << ": " << whole.status().message();
  }
  EXPECT_EQ(files, InvalidTable().size());
}

}  // namespace
}  // namespace orelog::query
