#include "learner/ingest/byte_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace rampart::learner {
namespace {

// A file descriptor, with bytes already read from it (to sniff the gzip magic) served first.
class FdSource final : public ByteSource {
 public:
  FdSource(int fd, bool owned, std::string name, std::string pushback)
      : fd_(fd),
        owned_(owned),
        name_(std::move(name)),
        pushback_(std::move(pushback)),
        consumed_(int64_t(pushback_.size())) {}
  ~FdSource() override {
    if (owned_) close(fd_);
  }
  bool Read(char* out, size_t capacity, size_t* got, std::string* error) override {
    if (pushback_pos_ < pushback_.size()) {
      size_t n = std::min(capacity, pushback_.size() - pushback_pos_);
      std::memcpy(out, pushback_.data() + pushback_pos_, n);
      pushback_pos_ += n;
      *got = n;
      return true;
    }
    for (;;) {
      ssize_t n = read(fd_, out, capacity);
      if (n >= 0) {
        *got = size_t(n);
        consumed_ += n;
        return true;
      }
      if (errno == EINTR) continue;
      *error = name_ + ": read failed: " + std::strerror(errno);
      return false;
    }
  }
  int64_t RawConsumed() const override { return consumed_; }

 private:
  int fd_;
  bool owned_;
  std::string name_;
  std::string pushback_;
  size_t pushback_pos_ = 0;
  int64_t consumed_;
};

class GzipSource final : public ByteSource {
 public:
  GzipSource(std::unique_ptr<ByteSource> raw, std::string name)
      : raw_(std::move(raw)), name_(std::move(name)), in_(1 << 16) {
    std::memset(&zs_, 0, sizeof zs_);
    inflateInit2(&zs_, 15 + 16);  // gzip wrapper only
  }
  ~GzipSource() override { inflateEnd(&zs_); }

  bool Read(char* out, size_t capacity, size_t* got, std::string* error) override {
    *got = 0;
    zs_.next_out = reinterpret_cast<Bytef*>(out);
    zs_.avail_out = uInt(capacity);
    while (zs_.avail_out == capacity && !done_) {
      if (zs_.avail_in == 0) {
        size_t n = 0;
        if (!raw_->Read(in_.data(), in_.size(), &n, error)) return false;
        if (n == 0) {
          if (in_member_) {
            *error = name_ + ": truncated gzip data (the compressed stream ends early)";
            return false;
          }
          done_ = true;
          break;
        }
        zs_.next_in = reinterpret_cast<Bytef*>(in_.data());
        zs_.avail_in = uInt(n);
      }
      in_member_ = true;
      int rc = inflate(&zs_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        // Another member may follow (`cat a.gz b.gz` is a valid gzip file).
        in_member_ = false;
        inflateReset(&zs_);
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        *error =
            name_ + ": corrupt gzip data: " + (zs_.msg != nullptr ? zs_.msg : "inflate failed");
        return false;
      }
    }
    *got = capacity - zs_.avail_out;
    return true;
  }
  int64_t RawConsumed() const override { return raw_->RawConsumed() - int64_t(zs_.avail_in); }

 private:
  std::unique_ptr<ByteSource> raw_;
  std::string name_;
  std::vector<char> in_;
  z_stream zs_;
  bool in_member_ = false;
  bool done_ = false;
};

}  // namespace

bool OpenInput(const std::string& path, OpenedInput* out, std::string* error) {
  int fd = 0;
  bool owned = false;
  if (path == "-") {
    out->reopenable = false;
  } else {
    fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      *error = path + ": cannot open: " + std::strerror(errno);
      return false;
    }
    owned = true;
    out->reopenable = true;
  }
  struct stat st;
  out->raw_size = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? int64_t(st.st_size) : -1;
  // Sniff two bytes for the gzip magic; they are served again by the source.
  std::string head;
  char b[2];
  while (head.size() < 2) {
    ssize_t n = read(fd, b, 2 - head.size());
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      *error = path + ": read failed: " + std::strerror(errno);
      if (owned) close(fd);
      return false;
    }
    head.append(b, size_t(n));
  }
  std::string name = path == "-" ? "standard input" : path;
  out->compressed = head.size() == 2 && uint8_t(head[0]) == 0x1f && uint8_t(head[1]) == 0x8b;
  auto raw = std::make_unique<FdSource>(fd, owned, name, head);
  if (out->compressed) {
    out->source = std::make_unique<GzipSource>(std::move(raw), name);
  } else {
    out->source = std::move(raw);
  }
  return true;
}

}  // namespace rampart::learner
