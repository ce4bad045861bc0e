// The orelog subcommands, one function each (one file each), kept free of
// CLI11 so that only main.cc pays its compile time. Each returns the process
// exit code (see ExitCode) and prints its own output.
#pragma once

#include <cstdint>
#include <functional>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "custody/config.h"
#include "orelog/status.h"

namespace orelog::cli {

// Documented in docs/cli.md.
enum ExitCode : int {
  kExitOk = 0,
  kExitVerifyFailed = 1,  // tampering, corruption, a bad signature or proof
  kExitUsage = 2,         // bad arguments or malformed input
  kExitError = 3,         // I/O, missing files, a ledger in the wrong state
};

// Prints "orelog <command>: <status>" to stderr and maps the code to an exit code.
int Fail(const std::string& command, const Status& status);

// A progress reporter for long operations: prints to stderr when it is a terminal.
std::function<void(uint64_t, uint64_t)> TerminalProgress(const std::string& label);

struct Common {
  std::string dir;
  bool json = false;
};

int Keygen(const std::string& name, bool json);
int Init(const Common& c, const std::string& origin);
int Append(const Common& c, const std::vector<std::string>& files);
int Checkpoint(const Common& c);
int ProveInclusion(const Common& c, uint64_t index, std::optional<uint64_t> size);
int ProveConsistency(const Common& c, uint64_t size1, uint64_t size2);
int Verify(const Common& c);
int ExportTiles(const Common& c, const std::string& out);
int VerifyTiles(const std::string& tree, const std::string& vkey, const std::optional<std::string>& since, bool json);
int VerifyProof(const std::string& proof_file, const std::string& vkey, const std::string& entry_file, bool json);
int Backup(const Common& c, const std::string& out);
// A new ledger with a synthetic custody chain of at least `lots` lots (cli/gen_chain.h).
int Gen(const Common& c, uint64_t lots, uint64_t seed);
// CBV 2.0 event hashes of an EPCIS document or event (docs/event-hash.md).
int HashEvents(const std::string& file, bool python_order, bool json);
int VerifyDisclosures(const std::string& leaf_file, const std::vector<std::string>& disclosures, bool json);
struct ServeConfig {
  std::string dir;
  std::string listen;
  int threads = 2;
  int capture_threads = 16;
  size_t capture_queue = 256;
  size_t capture_limit = 1000;               // events per capture document
  size_t capture_bytes = 16u * 1024 * 1024;  // bytes per capture body
  size_t write_queue = 1 << 16;              // entries waiting for the writer
  int publish_ms = 500;
  bool quiet = false;                        // no per-request log lines
  custody::RuleText custody;                 // red-flag rules and thresholds
  std::string disclosure_policy;             // policy document file (docs/leaf-format.md §4.1); "" = the default
};
// The EPCIS API and the log endpoints (docs/api.md) until SIGINT/SIGTERM.
int Serve(const ServeConfig& config);

// Bearer tokens (docs/repository-format.md): printed once, stored hashed.
// `scopes`: comma-separated (repo::ParseScopes). TokenRevoke revokes the token
// with ID `id` if it is not empty, else every token of `party`.
int TokenCreate(const Common& c, const std::string& party, const std::string& label, const std::string& scopes);
int TokenRevoke(const Common& c, const std::string& party, const std::string& id);
int TokenList(const Common& c);

// The participants registry (docs/participants.md §1, docs/cli.md
// "participant"). `action` is one of register, update, deregister,
// "key add", "key rotate", "key revoke", erase-owner, list, show, owners,
// audit; the other members are the options that action uses.
struct ParticipantArgs {
  std::string action;
  std::string file;        // register / update: the participant JSON
  std::string id;          // the participant ID
  std::string admin;       // the operator's party: the entries' submitter, the eraser
  std::string public_key;  // key add / rotate: base64url of 32 bytes
  std::string key_id;      // key revoke
  std::string replaces;    // key rotate
  std::string commitment;  // erase-owner
  std::string reason;      // key revoke, erase-owner
};
int Participant(const Common& c, const ParticipantArgs& args);

// The agreements register (docs/participants.md §6, docs/cli.md "agreement").
// `action` is one of release, list, show, terms, audit.
struct AgreementArgs {
  std::string action;
  std::string file;   // release: the release JSON (withheld terms in plaintext)
  std::string id;     // show / terms: the agreement ID
  std::string admin;  // release: the operator's party (the entry's submitter)
};
int Agreement(const Common& c, const AgreementArgs& args);

// A new ledger seeded with the illustrative scenario (every .jsonld of
// `samples`, in name order, captured for `party`); prints the verifier key.
int Demo(const Common& c, const std::string& samples, const std::string& origin, const std::string& party);
// Audits the custody view: incremental figures against a full recompute.
int Recompute(const Common& c);
// Checks a provenance passport offline with the log's verifier key.
int VerifyPassport(const std::string& file, const std::string& vkey, bool json);

// Thin HTTP clients of a running server.
// With `sign_key` (an skey file of `orelog keygen`): a signed capture
// (docs/participants.md §4) for `participant` (default: the key's name).
int CaptureClient(const std::string& url, const std::string& token, const std::string& file, bool proceed, bool json,
                  const std::string& sign_key = {}, const std::string& participant = {});
int QueryClient(const std::string& url, const std::string& token, const std::vector<std::string>& params, bool all);
// Checks a GET /events/{id}/proof answer offline against the log's vkey.
int VerifyEvent(const std::string& file, const std::string& vkey, bool json);
// Checks a log entry's batchSignature offline with the organisation's
// registry key (base64url); FILE is a GET /events/{id}/proof answer (origin
// from its checkpoint) or the entry's bytes (then `origin` is needed).
int VerifySignature(const std::string& file, const std::string& public_key, const std::string& origin, bool json);

}  // namespace orelog::cli
