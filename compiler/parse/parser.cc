#include "compiler/parse/parser.h"

#include <algorithm>
#include <cstdio>
#include <thread>

#include "antlr4-runtime.h"
#include "compiler/parse/ast_builder.h"
#include "compiler/parse/chunking.h"
#include "compiler/parse/fast_lexer.h"
#include "compiler/parse/input_check.h"
#include "compiler/parse/recovery_strategy.h"
#include "compiler/parse/syntax_errors.h"
#include "grammar/RampartLexer.h"
#include "grammar/RampartParser.h"

namespace rampart::parse {
namespace {

using grammar::RampartLexer;
using grammar::RampartParser;

// Lexes in batches so a file made of millions of tiny tokens is refused after the limit,
// not after all of it was turned into tokens.
class LimitedTokenStream : public antlr4::CommonTokenStream {
 public:
  using antlr4::CommonTokenStream::CommonTokenStream;
  // False when the limit was hit before the end of the input.
  bool FillUpTo(size_t max_tokens) {
    constexpr size_t kBatch = 4096;
    while (fetch(kBatch) == kBatch) {
      if (size() > max_tokens) return false;
    }
    return true;
  }
};

std::string Printable(const std::string& text) {
  if (text.size() == 1 && static_cast<unsigned char>(text[0]) >= 0x20 &&
      static_cast<unsigned char>(text[0]) < 0x7f) {
    return "'" + text + "'";
  }
  // A control character or a non-ASCII code point: name it by number.
  uint32_t cp = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  if (!text.empty()) {
    if (p[0] < 0x80) cp = p[0];
    else if ((p[0] & 0xE0) == 0xC0 && text.size() >= 2) cp = ((p[0] & 0x1F) << 6) | (p[1] & 0x3F);
    else if ((p[0] & 0xF0) == 0xE0 && text.size() >= 3)
      cp = ((p[0] & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
    else if (text.size() >= 4)
      cp = ((p[0] & 0x07) << 18) | ((p[1] & 0x3F) << 12) | ((p[2] & 0x3F) << 6) | (p[3] & 0x3F);
  }
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", cp);
  if (cp >= 0x80) return "'" + text + "' (" + buf + ")";
  return buf;
}

// Everything that happens before the parser runs: lexing, lexical errors, comments, and the
// bracket-depth limit that keeps the recursive-descent parser off the end of the stack.
// Returns false if the file must not be parsed.
bool ScanTokens(LimitedTokenStream& tokens, const source::SourceFile& file,
                const OffsetMap& offsets, source::DiagnosticBag& diags,
                const ParseLimits& limits, ast::File* out, SyntaxErrorListener* listener) {
  if (!tokens.FillUpTo(limits.max_tokens)) {
    antlr4::Token* last = tokens.get(tokens.size() - 1);
    uint32_t at = offsets.ByteOffset(last->getStartIndex());
    diags.Error("too-many-tokens", {file.id(), at, at + 1},
                "file has more than " + std::to_string(limits.max_tokens) +
                    " tokens; split it into several files of one package");
    return false;
  }
  int depth = 0;
  for (antlr4::Token* tok : tokens.getTokens()) {
    size_t type = tok->getType();
    if (type == antlr4::Token::EOF) break;
    source::SourceRange range{file.id(), offsets.ByteOffset(tok->getStartIndex()),
                              offsets.ByteOffset(tok->getStopIndex() + 1)};
    if (type == RampartLexer::UNEXPECTED_CHARACTER) {
      diags.Error("syntax", range, "unexpected character " + Printable(tok->getText()));
      listener->MarkLine(tok->getLine());
      continue;
    }
    if (type == RampartLexer::COMMENT && out != nullptr) {
      std::string text = tok->getText();
      while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
        text.pop_back();
      }
      out->comments.push_back({range, text});
      continue;
    }
    if (type == RampartLexer::LPAREN || type == RampartLexer::LBRACKET ||
        type == RampartLexer::LBRACE) {
      if (++depth > limits.max_bracket_depth) {
        diags.Error("nesting-too-deep", range,
                    "brackets nest more than " + std::to_string(limits.max_bracket_depth) +
                        " levels deep; simplify the expression or split it into constants");
        return false;
      }
    } else if (type == RampartLexer::RPAREN || type == RampartLexer::RBRACKET ||
               type == RampartLexer::RBRACE) {
      if (depth > 0) --depth;
    }
  }
  return true;
}

template <typename Fn>
bool RunParser(const source::SourceFile& file, const OffsetMap& offsets,
               source::DiagnosticBag& diags, RampartParser& parser, Fn&& fn) {
  try {
    fn();
    return true;
  } catch (const grammar::NestingLimitExceeded& e) {
    antlr4::Token* t = parser.getCurrentToken();
    uint32_t at = t ? offsets.ByteOffset(t->getStartIndex()) : 0;
    diags.Error("nesting-too-deep", {file.id(), at, at + 1},
                "the input nests too deeply to parse; simplify the expression or split it into "
                "constants and helpers");
  } catch (const std::exception& e) {
    diags.Error("internal", {file.id(), 0, 0},
                std::string("internal parser failure: ") + e.what() + "; please report it");
  }
  return false;
}

}  // namespace

namespace {

// Parses bytes [begin, end) of `file` into `out`; ranges are offsets into the whole file.
void ParseSpan(const source::SourceFile& file, uint32_t begin, uint32_t end,
               source::DiagnosticBag& diags, const ParseLimits& limits, ast::File* out) {
  std::string_view span = std::string_view(file.text()).substr(begin, end - begin);
  // A UTF-8 byte-order mark at the start of the file is not part of the text (ANTLR's input
  // stream drops it too, which would shift every position by one if it were left in).
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (begin == 0 && span.substr(0, 3) == kBom) {
    span.remove_prefix(3);
    begin += 3;
  }
  // Any other U+FEFF at the start of a span (a second mark, or one where a piece of a large
  // file begins) is a stray character — but ANTLR's stream would drop it silently and shift
  // the positions the lexer reports by one (a fuzzer finding: "unexpected character 'p'" at
  // the mark). Say what it is instead.
  if (span.substr(0, 3) == kBom) {
    diags.Error("syntax", {file.id(), begin, begin + 3},
                "unexpected byte-order mark (U+FEFF); a file may start with one, not with two "
                "or in the middle: delete it");
    out->has_syntax_errors = true;
    return;
  }
  OffsetMap offsets(span, begin);
  antlr4::ANTLRInputStream input(span.data(), span.size());
  FastLexer lexer(span, &input);
  LimitedTokenStream tokens(&lexer);
  SyntaxErrorListener listener(file, offsets, diags);
  if (!ScanTokens(tokens, file, offsets, diags, limits, out, &listener)) {
    out->has_syntax_errors = true;
    return;
  }
  RampartParser parser(&tokens);
  parser.removeErrorListeners();
  RampartParser::FileContext* tree = nullptr;
  // Two stages, the standard ANTLR speed-up: the fast SLL prediction mode with no recovery
  // first; only if it fails (a syntax error, or a rare construct SLL cannot decide) parse
  // again with full LL prediction and error recovery for precise diagnostics.
  parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
      antlr4::atn::PredictionMode::SLL);
  parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
  bool fast_ok = false;
  try {
    tree = parser.file();
    fast_ok = true;
  } catch (const antlr4::ParseCancellationException&) {
  } catch (const grammar::NestingLimitExceeded&) {
  }
  if (!fast_ok) {
    tokens.seek(0);
    parser.reset();
    parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
        antlr4::atn::PredictionMode::LL);
    parser.addErrorListener(&listener);
    parser.setErrorHandler(std::make_shared<RecoveryStrategy>());
    if (!RunParser(file, offsets, diags, parser, [&] { tree = parser.file(); })) {
      out->has_syntax_errors = true;
      return;
    }
  }
  AstBuilder builder(file, offsets, diags, limits, *out);
  builder.BuildFile(tree);
}

// Node ids of piece k start at 1 + k * kPieceIdStride, so pieces never collide.
constexpr ast::NodeId kPieceIdStride = 1u << 26;

// Parses a large file as several pieces on several threads. Returns null when the file
// cannot be split or a piece has a problem: the caller then parses it whole, so results and
// diagnostics never depend on the split.
std::unique_ptr<ast::File> ParseInPieces(const source::SourceFile& file, const ParseLimits& limits) {
  unsigned cores = std::max(2u, std::min(4u, std::thread::hardware_concurrency()));
  std::vector<uint32_t> cuts = FindSplitPoints(file.text(), static_cast<int>(cores));
  if (cuts.empty()) return nullptr;
  cuts.insert(cuts.begin(), 0);
  cuts.push_back(static_cast<uint32_t>(file.text().size()));
  size_t n = cuts.size() - 1;
  std::vector<ast::File> pieces(n);
  std::vector<source::DiagnosticBag> bags(n);
  ParseLimits piece_limits = limits;
  piece_limits.max_tokens = limits.max_tokens / n;
  auto work = [&](size_t k) {
    pieces[k].file_id = file.id();
    pieces[k].next_id = 1 + static_cast<ast::NodeId>(k) * kPieceIdStride;
    ParseSpan(file, cuts[k], cuts[k + 1], bags[k], piece_limits, &pieces[k]);
  };
  std::vector<std::thread> threads;
  for (size_t k = 1; k < n; ++k) threads.emplace_back(work, k);
  work(0);
  for (std::thread& t : threads) t.join();
  for (size_t k = 0; k < n; ++k) {
    if (bags[k].size() > 0 || pieces[k].has_syntax_errors) return nullptr;
    if (k > 0 && (pieces[k].package || !pieces[k].imports.empty())) return nullptr;
  }
  auto out = std::make_unique<ast::File>(std::move(pieces[0]));
  for (size_t k = 1; k < n; ++k) {
    for (ast::Declaration& d : pieces[k].decls) out->decls.push_back(std::move(d));
    for (ast::Comment& c : pieces[k].comments) out->comments.push_back(std::move(c));
    out->next_id = std::max(out->next_id, pieces[k].next_id);
  }
  return out;
}

}  // namespace

std::unique_ptr<ast::File> ParseFile(const source::SourceFile& file, source::DiagnosticBag& diags,
                                     const ParseLimits& limits) {
  size_t errors_before = diags.ErrorsIn(file.id());
  if (!CheckRawInput(file, diags, limits)) {
    auto out = std::make_unique<ast::File>();
    out->file_id = file.id();
    out->has_syntax_errors = true;
    return out;
  }
  if (file.text().size() >= limits.parallel_threshold_bytes) {
    if (std::unique_ptr<ast::File> out = ParseInPieces(file, limits)) return out;
  }
  auto out = std::make_unique<ast::File>();
  out->file_id = file.id();
  ParseSpan(file, 0, static_cast<uint32_t>(file.text().size()), diags, limits, out.get());
  out->has_syntax_errors = out->has_syntax_errors || diags.ErrorsIn(file.id()) > errors_before;
  return out;
}

ast::ExprPtr ParseExpression(const source::SourceFile& file, source::DiagnosticBag& diags,
                             ast::NodeId* next_id, const ParseLimits& limits) {
  if (!CheckRawInput(file, diags, limits)) return nullptr;
  OffsetMap offsets(file.text());
  antlr4::ANTLRInputStream input(file.text());
  FastLexer lexer(file.text(), &input);
  LimitedTokenStream tokens(&lexer);
  SyntaxErrorListener listener(file, offsets, diags);
  if (!ScanTokens(tokens, file, offsets, diags, limits, nullptr, &listener)) return nullptr;
  // (ParseExpression is for one-line expressions; a byte-order mark there is an error.)
  RampartParser parser(&tokens);
  parser.removeErrorListeners();
  parser.addErrorListener(&listener);
  RampartParser::StandaloneExprContext* tree = nullptr;
  if (!RunParser(file, offsets, diags, parser, [&] { tree = parser.standaloneExpr(); })) {
    return nullptr;
  }
  ast::File scratch;
  scratch.file_id = file.id();
  AstBuilder builder(file, offsets, diags, limits, scratch);
  ast::ExprPtr e = builder.BuildExpr(tree != nullptr ? tree->expr() : nullptr);
  if (next_id != nullptr) *next_id = scratch.next_id;
  return e;
}

}  // namespace rampart::parse
