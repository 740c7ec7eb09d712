#pragma once
// Decoding of CEL literal tokens (strings, bytes, numbers) following the CEL specification.
// Pure functions; errors are returned as text with the byte offset inside the token.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rampart::parse {

struct LiteralError {
  size_t offset = 0;  // byte offset inside the token text
  size_t length = 1;
  std::string message;
};

// Decodes a STRING token (`"a\n"`, `'x'`, `"""..."""`, `r"\d"`) to UTF-8, or a BYTES token
// (`b"\xff"`) to raw bytes when `is_bytes`.
std::optional<std::string> DecodeStringLiteral(std::string_view token, bool is_bytes,
                                               LiteralError* error);

// Decimal or 0x hex; `negative` when the grammar saw a leading minus. Out of range → nullopt.
std::optional<int64_t> DecodeInt(std::string_view digits, bool negative);
// Token with its u/U suffix.
std::optional<uint64_t> DecodeUint(std::string_view token);
std::optional<double> DecodeDouble(std::string_view token, bool negative);

}  // namespace rampart::parse
