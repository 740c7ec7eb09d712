#include "compiler/parse/lexer_check.h"

#include "compiler/parse/fast_lexer.h"
#include "grammar/RampartLexer.h"

namespace rampart::parse {

std::string CompareLexers(const std::string& input_text) {
  // The parser drops a leading byte-order mark before lexing (parser.cc), as ANTLR's input
  // stream does; compare what the lexers actually see.
  std::string text = input_text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? input_text.substr(3) : input_text;
  // A second mark is refused before lexing (parser.cc): ANTLR's stream would drop it.
  if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) return "";
  antlr4::ANTLRInputStream reference_input(text);
  grammar::RampartLexer reference(&reference_input);
  reference.removeErrorListeners();
  antlr4::ANTLRInputStream fast_input(text);
  FastLexer fast(text, &fast_input);
  for (size_t index = 0;; ++index) {
    std::unique_ptr<antlr4::Token> a = reference.nextToken();
    std::unique_ptr<antlr4::Token> b = fast.nextToken();
    auto describe = [](const antlr4::Token& t) {
      return "type " + std::to_string(static_cast<long>(t.getType())) + " channel " +
             std::to_string(t.getChannel()) + " [" + std::to_string(t.getStartIndex()) + "," +
             std::to_string(static_cast<long>(t.getStopIndex())) + "] at " +
             std::to_string(t.getLine()) + ":" + std::to_string(t.getCharPositionInLine());
    };
    if (a->getType() != b->getType() || a->getChannel() != b->getChannel() ||
        a->getStartIndex() != b->getStartIndex() || a->getStopIndex() != b->getStopIndex() ||
        a->getLine() != b->getLine() || a->getCharPositionInLine() != b->getCharPositionInLine()) {
      return "token " + std::to_string(index) + ": ANTLR lexer " + describe(*a) + " '" +
             a->getText() + "', FastLexer " + describe(*b) + " '" + b->getText() + "'";
    }
    if (a->getType() == antlr4::Token::EOF) return "";
  }
}

}  // namespace rampart::parse
