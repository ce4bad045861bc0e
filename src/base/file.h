// Small, careful file I/O: whole-file reads with a size cap, and atomic
// durable writes (temporary file, fsync, rename, directory fsync).
#pragma once

#include <filesystem>
#include <string>

#include "base/bytes.h"
#include "orelog/status.h"

namespace orelog {

// The whole file; NotFound if it does not exist, Invalid if over `max_bytes`.
Result<std::string> ReadFile(const std::filesystem::path& path, size_t max_bytes = size_t{1} << 30);

// Whether `path` exists, without throwing (std::filesystem::exists throws
// on EACCES, ELOOP, ENAMETOOLONG): IOError for such failures.
Result<bool> PathExists(const std::filesystem::path& path);

// Creates `path` and missing parents; IOError (never an exception) on failure.
Status CreateDirectories(const std::filesystem::path& path);

// fsync()s a directory, making renames and creations in it durable.
Status SyncDir(const std::filesystem::path& dir);

// Replaces `path` atomically with `data` (mode `mode`): readers see the old
// or the new contents, never a mix; on return the new contents are durable.
// With `exclusive`, fails with AlreadyExists instead of replacing.
Status WriteFileAtomic(const std::filesystem::path& path, ByteView data, unsigned mode = 0644,
                       bool exclusive = false);

}  // namespace orelog
