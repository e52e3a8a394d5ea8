// gzip of rotated log files (`*_logfile_compress`), off the event loop. A rotation renames
// the full file to a private name and returns at once; one worker thread then, in the order
// the rotations happened, shifts the existing backups (base.1.gz -> base.2.gz ..., the
// oldest beyond `backups` dropped), writes base.1.gz through a temporary name and removes
// the private file. No byte is lost: until its backup exists the data stays in the private
// file, and one that cannot be compressed becomes the uncompressed base.1.
//
// The worker runs only while there is work and never touches the loop's state. Process-wide;
// the queue is drained before the process exits normally.
#pragma once

#include <string>

namespace sup {

struct CompressJob {
  std::string pending;  // the rotated file, renamed out of the backup names
  std::string base;     // the log path; backups are base.N.gz
  int backups = 1;      // >= 1
};

// A name for a file just rotated out of `base`, unique in this process.
std::string pending_rotation_name(const std::string& base);

void queue_compression(CompressJob job);

// Blocks until every queued job is done (tests, and the daemon before it exits).
void wait_for_compression();

// Writes `from` gzipped to `to` (zlib, default level). False on any error; `to` is removed.
bool gzip_file(const std::string& from, const std::string& to);

}  // namespace sup
