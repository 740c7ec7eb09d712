#include "compiler/parse/input_check.h"

#include <cstdio>

namespace rampart::parse {
namespace {

// Length of the valid UTF-8 sequence at `p`, or 0 if invalid (overlongs, surrogates and
// code points above U+10FFFF are invalid, as in RFC 3629).
size_t Utf8SequenceLength(const unsigned char* p, size_t left) {
  unsigned char c = p[0];
  if (c < 0x80) return 1;
  size_t n;
  uint32_t cp;
  if ((c & 0xE0) == 0xC0) {
    n = 2;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (left < n) return 0;
  for (size_t i = 1; i < n; ++i) {
    if ((p[i] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (p[i] & 0x3F);
  }
  static const uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

}  // namespace

bool CheckRawInput(const source::SourceFile& file, source::DiagnosticBag& diags,
                   const ParseLimits& limits) {
  const std::string& text = file.text();
  if (text.size() > limits.max_file_bytes) {
    diags.Error("file-too-large", {file.id(), 0, 0},
                "file is " + std::to_string(text.size()) + " bytes; policy files are limited to " +
                    std::to_string(limits.max_file_bytes) +
                    " bytes: split it into several files of one package");
    return false;
  }
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  for (size_t i = 0; i < text.size();) {
    size_t n = Utf8SequenceLength(bytes + i, text.size() - i);
    if (n == 0) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "0x%02X", bytes[i]);
      bool binary = text.find('\0') != std::string::npos;
      diags.Error("invalid-utf8", {file.id(), static_cast<uint32_t>(i), static_cast<uint32_t>(i + 1)},
                  std::string("invalid UTF-8 byte ") + buf + "; policy files must be UTF-8 text" +
                      (binary ? " (this looks like a binary file)"
                              : ": re-save the file as UTF-8 (was it written as Latin-1?)"));
      return false;
    }
    i += n;
  }
  return true;
}

}  // namespace rampart::parse
