#!/usr/bin/python3
"""Differential test: orelog's EPCIS validator (tests/validate_tool.cc) against
the official EPCIS 2.0 JSON Schema run by Debian's python3-jsonschema
(Draft7Validator + a FormatChecker for "date-time" and "uri").

Inputs: every JSON document of the conformance corpus that
derived/json-schema-validation.tsv validates against EPCIS-JSON-Schema.json,
and deterministic mutations of the schema-valid ones (fixed seed). Verdicts
(VALID/INVALID) must agree, except where orelog is deliberately stricter
(docs/validation.md): those inputs are tagged, and for them the test asserts
the exact disagreement (schema VALID, orelog INVALID), so a stricter rule that
stops firing, or fires elsewhere, fails the test too.

Formats (the same definitions as src/epcis/validate_values.h):
- "uri": RFC 3986 URI: scheme ":" then unreserved / sub-delims / ":" / "@" /
  "/" / "?" / %HH, with at most one "#" (fragment). No IP literals, no IRIs.
- "date-time": RFC 3339 section 5.6 (any offset up to 23:59, "t"/"z" in either
  case, seconds up to 60, years 0000-9999). orelog additionally requires a
  real instant (upper-case T/Z, offsets up to 14:00, seconds up to 59, years
  0001-9999 in UTC): the mutations that hit this are tagged "instant".

Usage: schema_oracle.py --tool build/.../validate_tool --shared ../shared
"""
import argparse
import copy
import importlib.metadata
import json
import os
import random
import re
import subprocess
import sys
import tempfile

import jsonschema
from jsonschema import Draft7Validator, FormatChecker

SEED = 20261127
MUTATIONS = 400

URI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:"
                 r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*"
                 r"(?:#(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*)?")
DATE_TIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?"
                       r"(?:[Zz]|[+-](\d{2}):(\d{2}))", re.ASCII)


def is_uri(value):
    return not isinstance(value, str) or URI.fullmatch(value) is not None


def is_date_time(value):
    if not isinstance(value, str):
        return True
    m = DATE_TIME.fullmatch(value)
    if m is None:
        return False
    year, month, day, hour, minute, second = (int(g) for g in m.groups()[:6])
    if not 1 <= month <= 12:
        return False
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    if not 1 <= day <= days or hour > 23 or minute > 59 or second > 60:
        return False
    if m.group(7) is not None and (int(m.group(7)) > 23 or int(m.group(8)) > 59):
        return False
    return True


# Corpus documents the schema accepts and orelog rejects on purpose (the same
# table as src/epcis/validate_test.cc).
OPEN = "openepcis-test-resources/core/src/main/resources/2.0/EPCIS/JSON/"
STRICTER_CORPUS = {
    "gs1-EPCIS/JSON/WithFullCombinationOfFields/transformation_event_all_possible_fields.jsonld": "protected-prefix",
    OPEN + "Capture/Documents/TransformationEvent_all_possible_fields.json": "protected-prefix",
    OPEN + "Capture/Documents/Combination_of_different_event.json": "check-digit",
    OPEN + "Query/Combination_of_different_event.json": "check-digit",
    OPEN + "Query/queryDocument.json": "check-digit",
}
for name in ["gs1-EPCIS/JSON/WithFullCombinationOfFields/association_event_all_possible_fields.jsonld",
             "gs1-EPCIS/JSON/WithFullCombinationOfFields/object_event_all_possible_fields.jsonld",
             "gs1-EPCIS/JSON/WithFullCombinationOfFields/transaction_event_all_possible_fields.jsonld",
             OPEN + "Capture/Documents/AggregationEvent_all_possible_fields.json",
             OPEN + "Capture/Documents/AssociationEvent_all_possible_fields.json",
             OPEN + "Capture/Documents/JumbledFieldsOrder.json",
             OPEN + "Capture/Documents/ObjectEvent_all_possible_fields.json",
             OPEN + "Capture/Documents/TransactionEvent_all_possible_fields.json",
             OPEN + "Query/JumbledFieldsOrder.json",
             OPEN + "Query/ObjectEventWithAllPossibleFields.json"]:
    STRICTER_CORPUS[name] = "undeclared-prefix"  # "component": "example:x" without an "example" prefix

# Tags of inputs where the verdicts must differ in one known direction:
#   schema VALID, orelog INVALID: orelog's semantic rules are stricter.
STRICTER = {"protected-prefix", "check-digit", "undeclared-prefix", "instant"}
#   schema VALID, orelog INVALID: Python's re treats "$" as "end or before a
#   final newline" and "\d" as any Unicode digit; JSON Schema patterns are
#   ECMA-262, where neither holds. orelog follows ECMA-262.
PYTHON_REGEX_QUIRK = {"python-regex-quirk"}


def events_of(doc):
    if doc.get("type") not in ("EPCISDocument", "EPCISQueryDocument"):
        return [doc]  # a bare event
    body = doc.get("epcisBody", {})
    if "eventList" in body:
        return body["eventList"]
    return body.get("queryResults", {}).get("resultsBody", {}).get("eventList", [])


BAD_VALUES = [42, 1.5, True, None, "", "plain words", {"x": 1}, [], ["a"], "ex ample:x"]
VOCAB_FIELDS = {
    "bizStep": ["shipping", "transforming", "urn:epcglobal:cbv:bizstep:shipping",
                "https://ref.gs1.org/cbv/BizStep-shipping", "https://ns.gs1.org/cbv/BizStep-x", "Shipping"],
    "disposition": ["in_transit", "in_transport", "urn:epcglobal:cbv:disp:active", "cbv:Disp-active"],
}
DATE_TIMES = [  # (value, tag): tag None = the verdicts must agree
    ("2024-13-01T00:00:00Z", None), ("2024-02-30T00:00:00Z", None), ("2024-01-01 00:00:00Z", None),
    ("2024-01-01T00:00:00", None), ("2024-01-01T00:00:00.123+05:30", None), ("2024-02-29T12:00:00-03:00", None),
    ("2024-01-01T00:00:00.Z", None), ("22-07-2026", None), ("2024-01-01T00:00:00+14:00", None),
    ("2024-01-01T00:00:00+15:00", "instant"), ("2024-01-01t00:00:00z", "instant"),
    ("0000-01-01T12:00:00Z", "instant"), ("2016-12-31T23:59:60Z", "instant"), ("2024-01-01T24:00:00Z", None),
]
OFFSETS = ["+14:01", "-14:00", "+1:00", "Z", "+05:30", "+13:59", "14:00", "+14:00", "-00:00", "+05:60",
           ("+05:00\n", "python-regex-quirk")]
UOMS = ["kgm", "KGMS", "K", "K1", "KG M", "KGM", "TNE", 5, ("KGM\n", "python-regex-quirk")]


def mutate(doc, rng):
    """Mutates `doc` in place; returns (description, tag)."""
    events = events_of(doc)
    ev = rng.choice(events) if events else None
    op = rng.randrange(17)
    if op == 0 and ev is not None:  # drop a required or important member
        key = rng.choice([k for k in ["type", "eventTime", "eventTimeZoneOffset", "action", "epcList", "parentID",
                                      "bizTransactionList", "childEPCs", "quantityList", "readPoint"] if k in ev]
                         or ["type"])
        ev.pop(key, None)
        return "drop event member " + key, None
    if op == 1:
        key = rng.choice(["@context", "schemaVersion", "creationDate", "epcisBody", "type"])
        doc.pop(key, None)
        return "drop document member " + key, None
    if op == 2 and ev is not None:  # change a member's type
        key = rng.choice(sorted(ev))
        ev[key] = rng.choice(BAD_VALUES)
        return "retype " + key, None
    if op == 3 and ev is not None:
        key = rng.choice(sorted(VOCAB_FIELDS))
        ev[key] = rng.choice(VOCAB_FIELDS[key])
        return "vocabulary " + key, None
    if op == 4:
        value, tag = rng.choice(DATE_TIMES)
        target = rng.choice(["eventTime", "recordTime", "creationDate", "declarationTime"])
        if target == "creationDate" and doc is ev:  # a bare event has no creationDate
            target = "eventTime"
        if target == "creationDate" or ev is None:
            doc["creationDate"] = value
        elif target == "declarationTime":
            ev["errorDeclaration"] = {"declarationTime": value, "reason": "incorrect_data"}
        else:
            ev[target] = value
        return "date-time %s=%r" % (target, value), tag
    if op == 5 and ev is not None:
        value = rng.choice(OFFSETS)
        value, tag = value if isinstance(value, tuple) else (value, None)
        ev["eventTimeZoneOffset"] = value
        return "offset %r" % value, tag
    if op == 6 and ev is not None:
        value = rng.choice(UOMS)
        value, tag = value if isinstance(value, tuple) else (value, None)
        key = "childQuantityList" if ev.get("type") in ("AggregationEvent", "AssociationEvent") else "quantityList"
        if ev.get("type") == "TransformationEvent":
            key = "outputQuantityList"
        ev.setdefault(key, []).append({"epcClass": "urn:epc:class:lgtin:4012345.011111.4444", "quantity": 10,
                                       "uom": value})
        return "uom %r" % value, tag
    if op == 7 and ev is not None:
        name = rng.choice(["weight", "gs1:weight", "quantity"])
        ev["quantityList"] = [{"epcClass": "urn:epc:class:lgtin:4012345.011111.4444", name: 1}]
        return "quantity element member " + name, None
    if op == 8 and ev is not None:  # move ilmd / change the action beside it
        ev["ilmd"] = rng.choice([{"cbvmda:lotNumber": "L1"}, {"lotNumber": "L1"}, {}, "x"])
        if rng.random() < 0.5:
            ev["action"] = rng.choice(["ADD", "OBSERVE", "DELETE"])
        return "ilmd on %s/%s" % (ev.get("type"), ev.get("action")), None
    if op == 9 and ev is not None:
        ev["persistentDisposition"] = rng.choice([{"set": ["active"]}, {"unset": ["in_transit", "in_transit"]},
                                                  {}, {"set": []}, {"set": ["x"], "other": 1}])
        return "persistentDisposition on " + str(ev.get("type")), None
    if op == 10 and ev is not None:  # extension member names
        name, tag = rng.choice([("gs1:myField", None), ("myField", None), ("zz:myField", "undeclared-prefix"),
                                ("https://ns.example.com/f", None), ("urn:x:y", None)])
        ev[name] = {"value": 1}
        return "extension " + name, tag
    if op == 11 and ev is not None:  # identifiers: format and GS1 check digits
        value, tag = rng.choice([("https://id.gs1.org/01/09521141012345/21/1", None),
                                 ("https://id.gs1.org/01/09521141012346/21/1", "check-digit"),
                                 ("urn:epc:id:sgtin:0614141.107346.2017", None),
                                 ("not a uri", None), ("urn:epc:id:sgtin:0614141.107346.2017 ", None)])
        ev["readPoint"] = {"id": value}
        return "readPoint id %r" % value, tag
    if op == 12 and ev is not None:
        value, tag = rng.choice([("urn:uuid:x y", None), ("ni:///sha-256;ab?ver=CBV2.0", None),
                                 ("ObjectEvent1", None), ("https://x.example/%zz", None),
                                 ("https://x.example/a#b#c", None), ("a:", "undeclared-prefix"),
                                 ("urn:uuid:4d1f5f4e-1b1a-4a5e-9d1e-3f0e6c7b8a9d", None)])
        ev["eventID"] = value
        return "eventID %r" % value, tag
    if op == 13 and ev is not None:  # "what" lists: empty, duplicated
        key = rng.choice(["epcList", "childEPCs", "inputEPCList", "outputEPCList", "quantityList"])
        ev[key] = rng.choice([[], ["urn:epc:id:sgtin:0614141.107346.2017"] * 2, ["urn:epc:id:sgtin:0614141.107346.2017"]])
        return "list %s=%r" % (key, ev[key]), None
    if op == 14 and ev is not None:  # sensor reports
        report = {"type": rng.choice(["Temperature", "gs1:Temperature", "Molar_concentration",
                                      "https://gs1.org/voc/Temperature", "https://example.org/voc/T"])}
        key, value = rng.choice([("value", "1"), ("value", 1.5), ("hexBinaryValue", "zz"), ("hexBinaryValue", "0aF"),
                                 ("booleanValue", "true"), ("component", "x"), ("component", "q"),
                                 ("exception", "ALARM_CONDITION"), ("exception", "ALARM"), ("uom", "whatever")])
        report[key] = value
        ev["sensorElementList"] = [{"sensorReport": [report]}]
        return "sensorReport %r" % report, None
    if op == 15 and ev is not None:
        ev["type"] = rng.choice(["gs1:CustomEvent", "CustomEvent", "https://ns.example.com/Custom",
                                 "TransformationEvent", "AssociationEvent"])
        return "event type " + ev["type"], None
    if op == 16:
        value, tag = rng.choice([("2.0", None), ("2", None), ("2.", None), ("v2", None), ("\u0662.0", "python-regex-quirk")])
        doc["schemaVersion"] = value
        return "schemaVersion %r" % value, tag
    doc["sender"] = rng.choice([1, "sender"])
    return "sender", None


def run_tool(tool, paths, workdir):
    listing = os.path.join(workdir, "inputs.txt")
    with open(listing, "w") as f:
        f.write("\n".join(paths) + "\n")
    out = subprocess.run([tool, "@" + listing], check=True, capture_output=True, text=True).stdout
    verdicts = {}
    for line in out.splitlines():
        cols = line.split("\t")
        verdicts[cols[1]] = (cols[0], "\t".join(cols[2:]))
    return verdicts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", required=True)
    ap.add_argument("--shared", required=True)
    args = ap.parse_args()
    corpus = os.path.join(args.shared, "conformance/epcis")
    with open(os.path.join(corpus, "gs1-EPCIS/EPCIS-JSON-Schema.json")) as f:
        schema = json.load(f)
    formats = FormatChecker(formats=())
    formats.checks("uri")(is_uri)
    formats.checks("date-time")(is_date_time)
    validator = Draft7Validator(schema, format_checker=formats)

    def schema_verdict(doc):
        return "VALID" if validator.is_valid(doc) else "INVALID"

    inputs = []  # (name, path, doc, tag)
    with open(os.path.join(corpus, "derived/json-schema-validation.tsv")) as f:
        rows = [line.rstrip("\n").split("\t") for line in f][1:]
    table_mismatch = 0
    for file, schema_name, result, *_ in rows:
        if schema_name != "EPCIS-JSON-Schema.json":
            continue
        with open(os.path.join(corpus, file)) as f:
            doc = json.load(f)
        if schema_verdict(doc) != result.split("(")[0]:
            table_mismatch += 1
            print("oracle disagrees with the table:", file)
        inputs.append((file, os.path.join(corpus, file), doc, STRICTER_CORPUS.get(file)))
    n_corpus = len(inputs)

    rng = random.Random(SEED)
    with tempfile.TemporaryDirectory(prefix="orelog-oracle-") as workdir:
        # Mutation bases: schema-valid documents that orelog accepts too.
        candidates = [(n, d) for n, _, d, tag in inputs if tag is None and schema_verdict(d) == "VALID"]
        first = run_tool(args.tool, [p for _, p, _, _ in inputs], workdir)
        bases = [(n, d) for n, d in candidates if first[os.path.join(corpus, n)][0] == "VALID"]
        for i in range(MUTATIONS):
            base_name, base = rng.choice(bases)
            doc = copy.deepcopy(base)
            what, tag = mutate(doc, rng)
            path = os.path.join(workdir, "m%03d.json" % i)
            with open(path, "w") as f:
                json.dump(doc, f)
            inputs.append(("mutation %d (%s of %s)" % (i, what, base_name.rsplit("/", 1)[-1]), path, doc, tag))
        verdicts = run_tool(args.tool, [p for _, p, _, _ in inputs], workdir)

    agree = expected_differences = failures = 0
    counts = {"VALID": 0, "INVALID": 0}
    by_tag = {}
    for name, path, doc, tag in inputs:
        want = schema_verdict(doc)
        got, detail = verdicts.get(path, ("MISSING", ""))
        counts[want] = counts.get(want, 0) + 1
        if tag in STRICTER or tag in PYTHON_REGEX_QUIRK:
            by_tag[tag] = by_tag.get(tag, 0) + 1
            if want == "VALID" and got == "INVALID":
                expected_differences += 1
            else:
                failures += 1
                print("FAIL %s: tagged %s, expected schema VALID / orelog INVALID, got schema %s / orelog %s %s"
                      % (name, tag, want, got, detail))
        elif want == got:
            agree += 1
        else:
            failures += 1
            print("FAIL %s: schema %s, orelog %s %s" % (name, want, got, detail))
    print("python3-jsonschema %s; corpus %d documents, %d mutations (seed %d)"
          % (importlib.metadata.version("jsonschema"), n_corpus, MUTATIONS, SEED))
    print("schema verdicts: %d VALID, %d INVALID" % (counts["VALID"], counts["INVALID"]))
    print("agreements: %d; expected differences (orelog stricter): %d %s; failures: %d; table mismatches: %d"
          % (agree, expected_differences, json.dumps(by_tag, sort_keys=True), failures, table_mismatch))
    return 1 if failures or table_mismatch else 0


if __name__ == "__main__":
    sys.exit(main())
