#include "agreements/register.h"

#include "agreements/release.h"

namespace orelog::agreements {

bool TransitionAllowed(std::optional<Tag> previous, Tag next) {
  if (!previous) return next == Tag::kProposed || next == Tag::kSigned;
  switch (*previous) {
    case Tag::kProposed: return next != Tag::kAmended;
    case Tag::kSigned:
    case Tag::kAmended: return next == Tag::kAmended || next == Tag::kTerminated;
    case Tag::kTerminated: return false;
  }
  return false;
}

Status Register::Apply(uint64_t index, const boost::json::object& payload) {
  ORELOG_ASSIGN_OR_RETURN(Release r, DecodeRelease(payload));
  return ApplyRelease(index, r);
}

Status Register::ApplyRelease(uint64_t index, const Release& r) {
  ORELOG_RETURN_IF_ERROR(CheckRelease(r));
  if (last_index_ && index <= *last_index_) {
    return Status::Invalid("agreement releases must be applied in log order: index " + std::to_string(index) +
                           " after " + std::to_string(*last_index_));
  }
  if (releases_.contains(r.release)) return Status::Exists("release " + r.release + " exists");
  auto it = agreements_.find(r.agreement);
  const Agreement* prev = it == agreements_.end() ? nullptr : &it->second;
  std::optional<Tag> prev_tag;
  if (prev != nullptr) prev_tag = prev->current.tag;
  if (!TransitionAllowed(prev_tag, r.tag)) {
    return Status::Precondition("agreement " + r.agreement + ": a " + std::string(TagName(r.tag)) + " release cannot " +
                                (prev ? "follow a " + std::string(TagName(*prev_tag)) + " one" : std::string("come first")));
  }
  if (prev != nullptr && prev->current.type != r.type) {
    return Status::Precondition("agreement " + r.agreement + " is of type " + prev->current.type + "; a release cannot change it");
  }
  // Dates are YYYY-MM-DD, so text order is date order.
  if (prev != nullptr && r.date < prev->current.date) {
    return Status::Precondition("agreement " + r.agreement + ": release date " + r.date + " is before the previous release's " +
                                prev->current.date);
  }
  // Every check passed: mutate.
  last_index_ = index;
  releases_.insert(r.release);
  Agreement& a = agreements_[r.agreement];
  a.current = r;
  if (r.tag == Tag::kSigned && a.signed_date.empty()) a.signed_date = r.date;
  a.history.push_back(ReleaseRef{r.release, index, r.date, r.tag});
  return Status::Ok();
}

const Agreement* Register::Find(std::string_view agreement) const {
  auto it = agreements_.find(agreement);
  return it == agreements_.end() ? nullptr : &it->second;
}

std::vector<const Agreement*> Register::Agreements() const {
  std::vector<const Agreement*> out;
  out.reserve(agreements_.size());
  for (const auto& [id, a] : agreements_) out.push_back(&a);
  return out;
}

}  // namespace orelog::agreements
