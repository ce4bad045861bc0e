#include "agreements/record_json.h"

#include <boost/json.hpp>

#include "agreements/release.h"

namespace orelog::agreements {

namespace json = boost::json;

json::object ReleaseJson(const Release& r) {
  // EncodeRelease's checks hold for every folded release, so its form is the view.
  auto encoded = EncodeRelease(r);
  return encoded.ok() ? std::move(*encoded) : json::object{{"agreement", r.agreement}, {"release", r.release}};
}

json::object RecordJson(const Agreement& a) {
  json::object o = ReleaseJson(a.current);
  o.erase("release");
  o.erase("tag");
  o.erase("date");
  o["status"] = TagName(a.current.tag);
  o["inForce"] = a.in_force();
  o["signedDate"] = a.signed_date;
  o["updatedDate"] = a.current.date;
  json::array history;
  for (const ReleaseRef& h : a.history) {
    history.emplace_back(json::object{{"release", h.release}, {"index", h.index}, {"date", h.date}, {"tag", TagName(h.tag)}});
  }
  o["releases"] = std::move(history);
  return o;
}

}  // namespace orelog::agreements
