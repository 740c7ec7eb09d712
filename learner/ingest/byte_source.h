#pragma once
// Where ingested bytes come from: a file, standard input ("-"), either possibly
// gzip-compressed (recognised by its magic bytes 1f 8b, not by the file name; concatenated
// gzip members are read as one stream). Offsets elsewhere count decompressed bytes.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace rampart::learner {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `capacity` bytes; `*got` = 0 at the end. False with `*error` on a read or
  // decompression failure.
  virtual bool Read(char* out, size_t capacity, size_t* got, std::string* error) = 0;
  // Bytes taken from the underlying file so far (compressed bytes for gzip), for progress.
  virtual int64_t RawConsumed() const = 0;
};

struct OpenedInput {
  std::unique_ptr<ByteSource> source;
  bool compressed = false;
  int64_t raw_size = -1;    // size of the file on disk; -1 for pipes and terminals
  bool reopenable = false;  // a path that can be opened again (not standard input)
};

// Opens `path` ("-" is standard input). False with `*error` naming the path.
bool OpenInput(const std::string& path, OpenedInput* out, std::string* error);

}  // namespace rampart::learner
