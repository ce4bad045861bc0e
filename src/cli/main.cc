// orelog: command-line entry point. Parses arguments (CLI11) and dispatches
// to the subcommand functions in commands.h.
#include <CLI/CLI.hpp>

#include "cli/commands.h"

int main(int argc, char** argv) {
  using namespace orelog::cli;
  CLI::App app{"orelog: a verifiable chain-of-custody ledger (RFC 9162 Merkle log, C2SP checkpoints and tiles)"};
  app.require_subcommand(1);
  Common c;
  auto add_dir = [&](CLI::App* sub) {
    sub->add_option("--dir", c.dir, "ledger directory")->required();
    sub->add_flag("--json", c.json, "machine-readable output");
  };

  std::string name, origin, out, vkey, since, proof_file, entry_file;
  std::vector<std::string> files;
  uint64_t index = 0, size1 = 0, size2 = 0;
  std::optional<uint64_t> size;
  bool json = false;

  auto* keygen = app.add_subcommand("keygen", "print a new Ed25519 signing key (skey) and its verifier key (vkey)");
  keygen->add_option("NAME", name, "key name (e.g. the log origin)")->required();
  keygen->add_flag("--json", json, "machine-readable output");

  auto* init = app.add_subcommand("init", "create a new ledger and print its verifier key");
  add_dir(init);
  init->add_option("--origin", origin, "log origin, e.g. example.org/orelog/pk-minerals")->required();

  auto* append = app.add_subcommand("append", "append one entry per input line (stdin if no FILE); prints indices");
  add_dir(append);
  append->add_option("FILE", files, "input files");

  auto* checkpoint = app.add_subcommand("checkpoint", "integrate pending entries and print the signed checkpoint");
  add_dir(checkpoint);

  auto* prove = app.add_subcommand("prove", "print an inclusion or consistency proof");
  add_dir(prove);
  prove->require_subcommand(1);
  auto* inclusion = prove->add_subcommand("inclusion", "c2sp.org/tlog-proof@v1 for entry INDEX");
  inclusion->add_option("INDEX", index, "0-based entry index")->required();
  inclusion->add_option("--size", size, "tree size of a published checkpoint (default: the latest)");
  auto* consistency = prove->add_subcommand("consistency", "consistency proof from tree size OLD to NEW");
  consistency->add_option("OLD", size1)->required();
  consistency->add_option("NEW", size2)->required();

  auto* verify = app.add_subcommand("verify", "full audit: recompute every leaf, node and checkpoint");
  add_dir(verify);

  auto* export_tiles = app.add_subcommand("export-tiles", "write the static C2SP tile tree (checkpoint + tiles) to OUT");
  add_dir(export_tiles);
  export_tiles->add_option("OUT", out, "output directory")->required();

  auto* verify_tiles = app.add_subcommand("verify-tiles", "verify a static tile tree from its files alone");
  verify_tiles->add_option("TREE", out, "tile tree directory")->required();
  verify_tiles->add_option("--vkey", vkey, "the log's verifier key")->required();
  verify_tiles->add_option("--since", since, "a checkpoint file seen before: prove the tree extends it");
  verify_tiles->add_flag("--json", json, "machine-readable output");

  auto* verify_proof = app.add_subcommand("verify-proof", "verify a tlog-proof file for an entry, offline");
  verify_proof->add_option("PROOF", proof_file, "c2sp.org/tlog-proof@v1 file")->required();
  verify_proof->add_option("--vkey", vkey, "the log's verifier key")->required();
  verify_proof->add_option("--entry", entry_file, "file holding the entry's exact bytes")->required();
  verify_proof->add_flag("--json", json, "machine-readable output");

  auto* backup = app.add_subcommand("backup", "consistent online copy of the ledger into the new directory OUT");
  add_dir(backup);
  backup->add_option("OUT", out, "backup directory (must not exist)")->required();

  uint64_t gen_lots = 1000, gen_seed = 1;
  auto* gen = app.add_subcommand("gen", "create a ledger filled with a synthetic custody chain (minerals profile)");
  add_dir(gen);
  gen->add_option("--lots", gen_lots, "at least this many lots (rounded up to whole columns of 23)")
      ->check(CLI::Range(uint64_t{1}, uint64_t{1} << 32));
  gen->add_option("--seed", gen_seed, "generator seed (same seed: same events)");

  bool python_order = false;
  auto* hash = app.add_subcommand("hash", "print each EPCIS event's CBV 2.0 pre-hash string and hash ID");
  hash->add_option("FILE", out, "EPCIS document, query document or single event (JSON/JSON-LD)")->required();
  hash->add_flag("--python-order", python_order, "the Python reference implementation's field order");
  hash->add_flag("--json", json, "machine-readable output");

  std::vector<std::string> disclosures;
  auto* verify_disclosure =
      app.add_subcommand("verify-disclosure", "check salted disclosures against a log entry's public form, offline");
  verify_disclosure->add_option("LEAF", proof_file, "file holding the log entry's exact bytes")->required();
  verify_disclosure->add_option("DISCLOSURE", disclosures, "base64url disclosures ([salt, name, value])")->required();
  verify_disclosure->add_flag("--json", json, "machine-readable output");

  ServeConfig sc;
  auto* serve = app.add_subcommand("serve", "serve the EPCIS API and the log over HTTP (docs/api.md) until SIGINT/SIGTERM");
  // CLI11 2.1 reads config files for the top-level app only: the file's
  // [serve] section sets serve's options, and serve lets --config fall
  // through to the app, so that `orelog serve --config FILE` works.
  app.set_config("--config", "", "config file (TOML or INI); its [serve] section sets serve's long options; flags override it");
  serve->fallthrough();
  // A misspelt key in a config file is an error, not silently ignored.
  app.allow_config_extras(CLI::config_extras_mode::error);
  serve->allow_config_extras(CLI::config_extras_mode::error);
  serve->add_option("--dir", sc.dir, "ledger directory")->required();
  serve->add_option("--listen", sc.listen, "HOST:PORT ([IPv6]:PORT); port 0 picks a free one")->required();
  serve->add_option("--threads", sc.threads, "I/O threads, each with its own event loop")->check(CLI::Range(1, 256));
  serve->add_option("--capture-threads", sc.capture_threads, "threads that wait for capture commits")
      ->check(CLI::Range(1, 1024));
  serve->add_option("--capture-queue", sc.capture_queue, "captures that may wait for a thread (then 503)")
      ->check(CLI::Range(1, 1 << 20));
  serve->add_option("--capture-limit", sc.capture_limit, "events per capture document (GS1-EPCIS-Capture-Limit)")
      ->check(CLI::Range(1, 4096));
  serve->add_option("--capture-bytes", sc.capture_bytes, "bytes per capture body (GS1-EPCIS-Capture-File-Size-Limit)")
      ->check(CLI::Range(1024, 1 << 30));
  serve->add_option("--write-queue", sc.write_queue, "entries that may wait for the log writer (then 503)")
      ->check(CLI::Range(16, 1 << 24));
  serve->add_option("--publish-ms", sc.publish_ms, "checkpoint cadence in milliseconds")->check(CLI::Range(10, 3600000));
  serve->add_flag("--quiet", sc.quiet, "no per-request log lines");
  serve->add_option("--disclosure-policy", sc.disclosure_policy,
                    "JSON file: the members withheld from the public log (docs/leaf-format.md §4.1; default version 1)");
  // Custody rules (docs/custody.md "Configuration").
  serve->add_option("--balance-tolerance-pct", sc.custody.balance_tolerance_pct, "metal balance tolerance, % of check-in (default 1)");
  serve->add_option("--quantity-tolerance-pct", sc.custody.quantity_tolerance_pct, "received vs shipped tolerance, % (default 0.5)");
  serve->add_option("--custody-gap-hours", sc.custody.custody_gap_hours, "domestic leg: shipped to received (default 72)");
  serve->add_option("--export-transit-hours", sc.custody.export_transit_hours, "export leg: shipped to received (default 1440)");
  serve->add_option("--covered-countries", sc.custody.covered_countries, "comma list of ISO codes, or none (default CN,RU,KP,IR)");
  serve->add_option("--default-coc-model", sc.custody.default_coc_model, "chain-of-custody model of sites that declare none");
  serve->add_option("--splitting-limit", sc.custody.splitting_limits, "ELEMENT=PCT, e.g. Cu=0.20 (repeatable)");
  serve->add_option("--umpire-rule", sc.custody.umpire_rules, "ELEMENT=mean_with_closer|umpire_final|umpire_if_between");
  serve->add_option("--payable", sc.custody.payables, "ELEMENT=PCT/MIN_DEDUCTION, e.g. Cu=96.5/1.0 (repeatable)");
  serve->add_option("--royalty-rate", sc.custody.royalty_rates,
                    "ELEMENT=AMOUNT royalty per tonne of contained element, e.g. Cu=120.50 (repeatable)");
  serve->add_option("--royalty-currency", sc.custody.royalty_currency, "ISO 4217 code of the royalty rates (USD)");
  serve->add_option("--compute-threads", sc.custody.compute_threads,
                    "threads for large custody computations (loading, recompute); 0: one per hardware thread (default)");

  std::string party, label, token_id, scopes = "capture,read-full";
  auto* token = app.add_subcommand("token", "API tokens with scopes (capture, read-full, audit, admin)");
  token->require_subcommand(1);
  auto* token_create = token->add_subcommand("create", "create a token for PARTY and print it (once)");
  add_dir(token_create);
  token_create->add_option("--party", party, "the party the token acts for")->required();
  token_create->add_option("--label", label, "a note for operators");
  token_create->add_option("--scopes", scopes, "comma list of admin, audit, capture, read-full (default capture,read-full)");
  auto* token_revoke = token->add_subcommand("revoke", "revoke every token of PARTY, or the token with ID");
  add_dir(token_revoke);
  auto* revoke_party = token_revoke->add_option("--party", party, "the party whose tokens to revoke");
  auto* revoke_id = token_revoke->add_option("--id", token_id, "the ID of one token (token list, token create)");
  revoke_party->excludes(revoke_id);
  auto* token_list = token->add_subcommand("list", "list the tokens (ID, created, scopes, party, label; never the token)");
  add_dir(token_list);

  ParticipantArgs pa;
  auto* participant = app.add_subcommand("participant", "the participants registry (docs/participants.md)");
  participant->require_subcommand(1);
  auto add_admin = [&](CLI::App* sub) {
    sub->add_option("--admin", pa.admin, "the operator's party ID (the entry's submitter)")->required();
  };
  auto* p_register = participant->add_subcommand("register", "register a participant from a JSON file");
  auto* p_update = participant->add_subcommand("update", "replace a participant's record from a JSON file");
  for (auto* sub : {p_register, p_update}) {
    add_dir(sub);
    add_admin(sub);
    sub->add_option("--file", pa.file, "participant JSON with plaintext beneficial owners")->required();
  }
  auto* p_deregister = participant->add_subcommand("deregister", "deregister a participant (for good)");
  add_dir(p_deregister);
  add_admin(p_deregister);
  p_deregister->add_option("--id", pa.id, "participant ID")->required();
  auto* p_key = participant->add_subcommand("key", "a participant's Ed25519 keys");
  p_key->require_subcommand(1);
  auto* key_add = p_key->add_subcommand("add", "add a key");
  auto* key_rotate = p_key->add_subcommand("rotate", "add a key and revoke the one it replaces, in one entry");
  auto* key_revoke = p_key->add_subcommand("revoke", "revoke a key");
  for (auto* sub : {key_add, key_rotate, key_revoke}) {
    add_dir(sub);
    add_admin(sub);
    sub->add_option("--id", pa.id, "participant ID")->required();
  }
  for (auto* sub : {key_add, key_rotate}) {
    sub->add_option("--public-key", pa.public_key, "base64url of the 32-byte Ed25519 public key")->required();
  }
  key_rotate->add_option("--replaces", pa.replaces, "the key ID it revokes")->required();
  key_revoke->add_option("--key", pa.key_id, "the key ID")->required();
  key_revoke->add_option("--reason", pa.reason, "why (at most 256 bytes)");
  auto* p_erase = participant->add_subcommand("erase-owner", "erase a beneficial owner's stored personal data");
  add_dir(p_erase);
  p_erase->add_option("--admin", pa.admin, "the operator's party ID (recorded as the eraser)")->required();
  p_erase->add_option("--id", pa.id, "participant ID")->required();
  p_erase->add_option("--commitment", pa.commitment, "the owner's commitment")->required();
  p_erase->add_option("--reason", pa.reason, "the lawful request")->required();
  auto* p_list = participant->add_subcommand("list", "every participant (public data)");
  add_dir(p_list);
  auto* p_show = participant->add_subcommand("show", "one participant with its keys (public data, JSON)");
  add_dir(p_show);
  p_show->add_option("--id", pa.id, "participant ID")->required();
  auto* p_owners = participant->add_subcommand("owners", "the stored beneficial-owner disclosures (personal data)");
  add_dir(p_owners);
  p_owners->add_option("--id", pa.id, "participant ID")->required();
  auto* p_audit = participant->add_subcommand("audit", "check the registry tables against the log");
  add_dir(p_audit);

  AgreementArgs aa;
  auto* agreement = app.add_subcommand("agreement", "the agreements register (docs/participants.md §6)");
  agreement->require_subcommand(1);
  auto* a_release = agreement->add_subcommand("release", "append a release of an agreement from a JSON file");
  add_dir(a_release);
  a_release->add_option("--admin", aa.admin, "the operator's party ID (the entry's submitter)")->required();
  a_release->add_option("FILE", aa.file, "release JSON with plaintext withheld terms")->required();
  auto* a_list = agreement->add_subcommand("list", "every agreement (public data)");
  add_dir(a_list);
  auto* a_show = agreement->add_subcommand("show", "one agreement's compiled record and releases (public data, JSON)");
  add_dir(a_show);
  a_show->add_option("--id", aa.id, "agreement ID")->required();
  auto* a_terms = agreement->add_subcommand("terms", "the stored withheld-term disclosures (confidential)");
  add_dir(a_terms);
  a_terms->add_option("--id", aa.id, "agreement ID")->required();
  auto* a_audit = agreement->add_subcommand("audit", "check the agreements tables against the log");
  add_dir(a_audit);

  std::string url, bearer;
  bool proceed = false, all_pages = false;
  auto* capture = app.add_subcommand("capture", "send an EPCIS document (POST /capture) or event (POST /events)");
  capture->add_option("--url", url, "server base URL, e.g. http://127.0.0.1:8080")->required();
  capture->add_option("--token", bearer, "bearer token")->required();
  capture->add_option("FILE", out, "EPCIS document or single event (JSON-LD)")->required();
  capture->add_flag("--proceed", proceed, "GS1-Capture-Error-Behaviour: proceed (store the valid events)");
  capture->add_flag("--json", json, "print the server's answer as is");
  std::string sign_key, sign_participant, sig_public_key, sig_origin;
  capture->add_option("--sign-key", sign_key, "skey file (orelog keygen): sign the batch (docs/participants.md §4)");
  capture->add_option("--participant", sign_participant, "the signing participant (default: the key's name)");
  std::vector<std::string> params;
  auto* query = app.add_subcommand("query", "GET /events with NAME=VALUE parameters; prints the EPCISQueryDocument");
  query->add_option("--url", url, "server base URL")->required();
  query->add_option("--token", bearer, "bearer token (full forms); without: public forms");
  query->add_option("PARAM", params, "query parameters, e.g. MATCH_epc=urn:epc:id:sgtin:...");
  query->add_flag("--all", all_pages, "follow Link rel=next and print one document with every page");

  auto* verify_event = app.add_subcommand("verify-event", "check a GET /events/{id}/proof answer offline");
  verify_event->add_option("FILE", proof_file, "the proof answer (JSON)")->required();
  verify_event->add_option("--vkey", vkey, "the log's verifier key")->required();
  verify_event->add_flag("--json", json, "machine-readable output");

  auto* verify_signature = app.add_subcommand("verify-signature", "check a log entry's batch signature offline");
  verify_signature->add_option("FILE", proof_file, "a GET /events/{id}/proof answer, or the entry's bytes")->required();
  verify_signature->add_option("--public-key", sig_public_key, "the organisation's registry key (base64url)")->required();
  verify_signature->add_option("--origin", sig_origin, "the log origin (needed for raw entry bytes)");
  verify_signature->add_flag("--json", json, "machine-readable output");

  std::string samples = "samples/demo", demo_party = "urn:epc:id:pgln:0614141.00002";
  std::string demo_origin = "orelog.example/pk-minerals/demo";
  auto* demo = app.add_subcommand("demo", "a new ledger seeded with the illustrative scenario (docs/demo.md)");
  add_dir(demo);
  demo->add_option("--samples", samples, "folder of EPCIS documents captured in name order")->capture_default_str();
  demo->add_option("--origin", demo_origin, "the log origin")->capture_default_str();
  demo->add_option("--party", demo_party, "the capturing party")->capture_default_str();
  auto* recompute = app.add_subcommand("recompute", "check that incremental custody figures equal a full recompute");
  add_dir(recompute);

  auto* verify_passport = app.add_subcommand("verify-passport", "check a provenance passport offline");
  verify_passport->add_option("FILE", proof_file, "the passport (GET /lots/{id}/passport)")->required();
  verify_passport->add_option("--vkey", vkey, "the log's verifier key")->required();
  verify_passport->add_flag("--json", json, "machine-readable output");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }

  if (keygen->parsed()) return Keygen(name, json);
  if (init->parsed()) return Init(c, origin);
  if (append->parsed()) return Append(c, files);
  if (checkpoint->parsed()) return Checkpoint(c);
  if (inclusion->parsed()) return ProveInclusion(c, index, size);
  if (consistency->parsed()) return ProveConsistency(c, size1, size2);
  if (verify->parsed()) return Verify(c);
  if (export_tiles->parsed()) return ExportTiles(c, out);
  if (verify_tiles->parsed()) {
    return VerifyTiles(out, vkey, since.empty() ? std::nullopt : std::optional<std::string>(since), json);
  }
  if (verify_proof->parsed()) return VerifyProof(proof_file, vkey, entry_file, json);
  if (backup->parsed()) return Backup(c, out);
  if (gen->parsed()) return Gen(c, gen_lots, gen_seed);
  if (hash->parsed()) return HashEvents(out, python_order, json);
  if (serve->parsed()) return Serve(sc);
  if (token_create->parsed()) return TokenCreate(c, party, label, scopes);
  if (token_revoke->parsed()) return TokenRevoke(c, party, token_id);
  if (token_list->parsed()) return TokenList(c);
  if (agreement->parsed()) {
    const std::vector<std::pair<CLI::App*, const char*>> actions = {
        {a_release, "release"}, {a_list, "list"}, {a_show, "show"}, {a_terms, "terms"}, {a_audit, "audit"}};
    for (const auto& [sub, action] : actions) {
      if (sub->parsed()) aa.action = action;
    }
    return Agreement(c, aa);
  }
  if (participant->parsed()) {
    const std::vector<std::pair<CLI::App*, const char*>> actions = {
        {p_register, "register"}, {p_update, "update"},         {p_deregister, "deregister"}, {key_add, "key add"},
        {key_rotate, "key rotate"}, {key_revoke, "key revoke"}, {p_erase, "erase-owner"},     {p_list, "list"},
        {p_show, "show"},           {p_owners, "owners"},       {p_audit, "audit"}};
    for (const auto& [sub, action] : actions) {
      if (sub->parsed()) pa.action = action;
    }
    return Participant(c, pa);
  }
  if (capture->parsed()) return CaptureClient(url, bearer, out, proceed, json, sign_key, sign_participant);
  if (verify_signature->parsed()) return VerifySignature(proof_file, sig_public_key, sig_origin, json);
  if (query->parsed()) return QueryClient(url, bearer, params, all_pages);
  if (verify_event->parsed()) return VerifyEvent(proof_file, vkey, json);
  if (demo->parsed()) return Demo(c, samples, demo_origin, demo_party);
  if (recompute->parsed()) return Recompute(c);
  if (verify_passport->parsed()) return VerifyPassport(proof_file, vkey, json);
  if (verify_disclosure->parsed()) return VerifyDisclosures(proof_file, disclosures, json);
  return kExitUsage;
}
