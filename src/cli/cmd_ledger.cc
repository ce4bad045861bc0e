// keygen, init, append, checkpoint.
#include <fmt/format.h>

#include <cstdio>
#include <fstream>
#include <iostream>

#include "base/bytes.h"
#include "cli/commands.h"
#include "cli/json_text.h"
#include "orelog/ledger.h"
#include "registry/entries.h"
#include "repo/schema.h"
#include "tlog/note.h"

namespace orelog::cli {
namespace {

constexpr size_t kLinesPerBatch = 4096;

// Reads entries, one per line, and appends them in batches. Returns indices.
Status AppendStream(Ledger& ledger, std::istream& in, const std::string& source, std::vector<uint64_t>& indices) {
  std::vector<Bytes> batch;
  std::string line;
  uint64_t line_no = 0;
  auto flush = [&]() -> Status {
    if (batch.empty()) return Status::Ok();
    ORELOG_ASSIGN_OR_RETURN(std::vector<uint64_t> got, ledger.AppendEntries(batch));
    indices.insert(indices.end(), got.begin(), got.end());
    batch.clear();
    return Status::Ok();
  };
  while (std::getline(in, line)) {
    ++line_no;
    if (line.size() > 65535) {
      return Status::Invalid(fmt::format("{} line {}: entry of {} bytes exceeds the 65,535-byte limit", source,
                                         line_no, line.size()));
    }
    batch.emplace_back(line.begin(), line.end());
    if (batch.size() == kLinesPerBatch) ORELOG_RETURN_IF_ERROR(flush().With(source));
  }
  if (in.bad()) return Status::IOError("cannot read " + source);
  return flush().With(source);
}

}  // namespace

int Keygen(const std::string& name, bool json) {
  auto key = tlog::SignerKey::Generate(name);
  if (!key.ok()) return Fail("keygen", key.status());
  if (json) {
    // publicKey and keyId: what `participant key add` registers for a
    // participant that signs its captures (docs/participants.md §1.2, §4).
    fmt::print("{{\"skey\": {}, \"vkey\": {}, \"publicKey\": {}, \"keyId\": {}}}\n", JsonString(key->ToString()),
               JsonString(key->Verifier().ToString()), JsonString(Base64UrlEncode(ByteView(key->public_key()))),
               JsonString(registry::KeyIdOf(key->public_key())));
  } else {
    fmt::print("{}\n{}\n", key->ToString(), key->Verifier().ToString());
  }
  return kExitOk;
}

int Init(const Common& c, const std::string& origin) {
  auto vkey = Ledger::Init(c.dir, origin);
  if (!vkey.ok()) return Fail("init", vkey.status());
  // The EPCIS repository tables (docs/repository-format.md).
  if (Status st = repo::EnsureRepoSchema(c.dir); !st.ok()) return Fail("init", st);
  if (c.json) {
    fmt::print("{{\"dir\": {}, \"origin\": {}, \"vkey\": {}}}\n", JsonString(c.dir), JsonString(origin), JsonString(*vkey));
  } else {
    fmt::print("{}\n", *vkey);
  }
  return kExitOk;
}

int Append(const Common& c, const std::vector<std::string>& files) {
  auto ledger = Ledger::Open(c.dir);
  if (!ledger.ok()) return Fail("append", ledger.status());
  std::vector<uint64_t> indices;
  Status st;
  if (files.empty()) {
    st = AppendStream(**ledger, std::cin, "stdin", indices);
  } else {
    for (const std::string& f : files) {
      std::ifstream in(f, std::ios::binary);
      if (!in) {
        st = Status::NotFound("cannot open " + f);
        break;
      }
      st = AppendStream(**ledger, in, f, indices);
      if (!st.ok()) break;
    }
  }
  if (st.ok()) {
    // Integrate and publish now, so a failure shows in the exit code.
    st = (*ledger)->Publish().status();
  }
  // What was appended before an error is durable: report it either way.
  if (c.json) {
    fmt::print("{{\"indices\": [");
    for (size_t i = 0; i < indices.size(); ++i) fmt::print("{}{}", i ? ", " : "", indices[i]);
    fmt::print("]}}\n");
  } else {
    for (uint64_t i : indices) fmt::print("{}\n", i);
  }
  if (!st.ok()) return Fail("append", st);
  return kExitOk;
}

int Checkpoint(const Common& c) {
  auto ledger = Ledger::Open(c.dir);
  if (!ledger.ok()) return Fail("checkpoint", ledger.status());
  auto note = (*ledger)->Publish();
  if (!note.ok()) return Fail("checkpoint", note.status());
  if (c.json) {
    fmt::print("{{\"checkpoint\": {}}}\n", JsonString(*note));
  } else {
    fmt::print("{}", *note);
  }
  return kExitOk;
}

}  // namespace orelog::cli
