// The CBV 2.0 bare words of the standard vocabularies (the enumerations of
// the EPCIS 2.0 JSON Schema), shared by the event hash (vocabulary.cc) and
// the validator (validate_values.cc).
#pragma once

#include <array>
#include <string_view>

namespace orelog::epcis::cbv {

inline constexpr std::array<std::string_view, 41> kBizSteps{
    "accepting", "arriving", "assembling", "collecting", "commissioning", "consigning",
    "creating_class_instance", "cycle_counting", "decommissioning", "departing", "destroying",
    "disassembling", "dispensing", "encoding", "entering_exiting", "holding", "inspecting",
    "installing", "killing", "loading", "other", "packing", "picking", "receiving", "removing",
    "repackaging", "repairing", "replacing", "reserving", "retail_selling", "sampling",
    "sensor_reporting", "shipping", "staging_outbound", "stock_taking", "stocking", "storing",
    "transporting", "unloading", "unpacking", "void_shipping"};
inline constexpr std::array<std::string_view, 33> kDispositions{
    "active", "available", "completeness_inferred", "completeness_verified", "conformant",
    "container_closed", "container_open", "damaged", "destroyed", "dispensed", "disposed",
    "encoded", "expired", "in_progress", "in_transit", "inactive", "mismatch_class",
    "mismatch_instance", "mismatch_quantity", "needs_replacement", "no_pedigree_match",
    "non_conformant", "non_sellable_other", "partially_dispensed", "recalled", "reserved",
    "retail_sold", "returned", "sellable_accessible", "sellable_not_accessible", "stolen",
    "unavailable", "unknown"};
inline constexpr std::array<std::string_view, 13> kBizTransactionTypes{
    "bol", "cert", "desadv", "inv", "pedigree", "po", "poc", "prodorder", "recadv", "rma",
    "testprd", "testres", "upevt"};
inline constexpr std::array<std::string_view, 3> kSourceDestTypes{"owning_party", "possessing_party",
                                                           "location"};
inline constexpr std::array<std::string_view, 2> kErrorReasons{"did_not_occur", "incorrect_data"};

}  // namespace orelog::epcis::cbv
