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

  std::string listen;
  int threads = 2;
  auto* serve = app.add_subcommand("serve", "serve the checkpoint and tiles over HTTP (docs/api.md) until SIGINT/SIGTERM");
  serve->add_option("--dir", c.dir, "ledger directory")->required();
  serve->add_option("--listen", listen, "HOST:PORT ([IPv6]:PORT); port 0 picks a free one")->required();
  serve->add_option("--threads", threads, "server threads, each with its own event loop")->check(CLI::Range(1, 256));

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
  if (hash->parsed()) return HashEvents(out, python_order, json);
  if (serve->parsed()) return Serve(c.dir, listen, threads);
  if (verify_disclosure->parsed()) return VerifyDisclosures(proof_file, disclosures, json);
  return kExitUsage;
}
