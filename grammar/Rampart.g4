// The rampart policy language: declarations around CEL expressions.
//
// The expression part follows the CEL specification's grammar (operators, precedence,
// literals, member/index/call syntax); the surrounding declarations are rampart's own.
// Policy-structure words are reserved but remain usable as field names after `.`
// (`workload.namespace`, `v.message`); see `ident`, `word` and `anyIdent`.
// Kept to ANTLR 4.7 syntax (the Debian tool is 4.7.2).
grammar Rampart;

options { superClass = DepthLimitedParser; }

@parser::header {
#include "grammar/depth_limited_parser.h"
}

// ---------------------------------------------------------------- files and declarations

file
    : packageDecl? importDecl* declaration* EOF
    ;

packageDecl
    : PACKAGE packageName
    ;

importDecl
    : IMPORT packageName (AS alias=ident)?
    ;

// Package names may use any word: `package acme.runtime.detections`.
packageName
    : anyIdent (DOT anyIdent)*
    ;

qualifiedName
    : ident (DOT ident)*
    ;

// A policy named in a test: `name`, `name.rule`, `package.name` (package names may contain
// reserved words: `expect block acme.runtime.drift.no_shell`).
policyRef
    : anyIdent (DOT anyIdent)*
    ;

declaration
    : constDecl
    | defDecl
    | policyDecl
    | testDecl
    ;

constDecl
    : CONST name=ident ASSIGN expr
    ;

// A reusable helper: `def is_shell(name: string): bool = name in shells`.
defDecl
    : DEF name=ident LPAREN (param (COMMA param)* COMMA?)? RPAREN (COLON result=typeRef)? ASSIGN expr
    ;

param
    : name=ident COLON typeRef
    ;

// CEL type names as CEL prints them: `string`, `list(string)`, `map(string, int)`, `Container`.
typeRef
    : qualifiedName (LPAREN typeRef (COMMA typeRef)* RPAREN)?
    ;

// `admission policy name { ... }`. The kinds are reserved words so that every declaration
// starts with a keyword: after a syntax error the parser resynchronises at the next one
// instead of reading leftover identifiers as new declarations. A misspelt kind is reported
// with a suggestion by compiler/parse (syntax_errors.cc).
policyDecl
    : kind=(ADMISSION | RUNTIME | NETWORK) POLICY name=ident LBRACE policyClause* RBRACE
    ;

policyClause
    : SEVERITY level=word                                   # severityClause
    | MODE value=word                                       # modeClause
    | ON ERROR value=word                                   # onErrorClause
    | ON word (COMMA word)*                                 # onClause
    | DESCRIPTION STRING                                    # descriptionClause
    | scope=(MATCH | WHEN | SELECT) expr                    # scopeClause
    | DEFAULT direction=(INGRESS | EGRESS)? action          # defaultClause
    | bodyItem                                              # bodyClause
    ;

// Items that may also appear inside an `each` block. A rule always has a condition (`deny if
// true` says "always" explicitly): `block allow if c` is an error, never two rules.
bodyItem
    : LET name=ident ASSIGN expr                            # letItem
    | EACH var=ident IN expr eachBody                       # eachItem
    | action name=IDENTIFIER? IF cond=expr (MESSAGE msg=expr)?   # ruleItem
    | direction=(INGRESS | EGRESS) action name=IDENTIFIER?
      ((FROM | TO) peer (COMMA peer)*)?
      (PORT portSpec (COMMA portSpec)*)?
      (IF cond=expr)? (MESSAGE msg=expr)?                   # networkRuleItem
    ;

eachBody
    : LBRACE bodyItem* RBRACE
    | bodyItem
    ;

action
    : DENY | WARN | ALLOW | ALERT | BLOCK | AUDIT
    ;

// `labels(app: "gateway")`, `service("postgres", namespace: "db")`, `namespace("db")`,
// `cidr("10.0.0.0/8")`, `any`.
peer
    : kind=ident (LPAREN (peerArg (COMMA peerArg)* COMMA?)? RPAREN)?
    ;

peerArg
    : (key=ident | keyString=STRING) COLON value=expr       # namedPeerArg
    | value=expr                                            # positionalPeerArg
    ;

// `8443`, `8443/tcp`, `8000-9000/udp`.
portSpec
    : low=NUM_INT (MINUS high=NUM_INT)? (SLASH protocol=ident)?
    ;

// test "name" { input admission file("pod.yaml")  expect deny policy_name }
testDecl
    : TEST name=STRING LBRACE testStmt* RBRACE
    ;

testStmt
    : INPUT kind=word value=expr                            # testInput
    | EXPECT verdict=word (policyRef (COMMA policyRef)*)?    # testExpect
    | DATA kind=word value=expr                             # testData
    ;

// ------------------------------------------------------------------------ CEL expressions

// One expression and nothing else: `rampart expr` and the CEL conformance suite.
standaloneExpr
    : expr EOF
    ;

// One left-recursive rule: ANTLR turns it into precedence climbing, so an operand costs one
// parse-tree node instead of one per precedence level (the CEL reference grammar's layered
// rules made parsing several times slower). Alternatives bind tighter the earlier they are
// listed; the precedence and associativity are CEL's.
expr
    : primary                                                      # primaryExpr
    | operand=expr op=DOT id=anyIdent open=LPAREN args=exprList? RPAREN # memberCall
    | operand=expr op=DOT id=anyIdent                              # select
    | operand=expr op=LBRACKET index=expr RBRACKET                 # index
    | op=EXCLAM operand=expr                                       # logicalNot
    | op=MINUS operand=expr                                        # negate
    | lhs=expr op=(STAR | SLASH | PERCENT) rhs=expr                # binary
    | lhs=expr op=(PLUS | MINUS) rhs=expr                          # binary
    | lhs=expr op=(LESS | LESS_EQUALS | GREATER_EQUALS | GREATER | EQUALS | NOT_EQUALS | IN) rhs=expr # binary
    | lhs=expr op=LOGICAL_AND rhs=expr                             # binary
    | lhs=expr op=LOGICAL_OR rhs=expr                              # binary
    | <assoc=right> cond=expr op=QUESTIONMARK then=expr COLON otherwise=expr # conditional
    ;

primary
    : leadingDot=DOT? id=ident (op=LPAREN args=exprList? RPAREN)? # identOrGlobalCall
    | LPAREN e=expr RPAREN                                  # nested
    | op=LBRACKET elems=exprList? COMMA? RBRACKET           # createList
    | op=LBRACE entries=mapInitializerList? COMMA? RBRACE   # createMap
    | literal                                               # constantLiteral
    ;

exprList
    : e+=expr (COMMA e+=expr)*
    ;

mapInitializerList
    : keys+=expr cols+=COLON values+=expr (COMMA keys+=expr cols+=COLON values+=expr)*
    ;

literal
    : sign=MINUS? tok=NUM_INT                               # int
    | tok=NUM_UINT                                          # uint
    | sign=MINUS? tok=NUM_FLOAT                             # double
    | tok=STRING                                            # string
    | tok=BYTES                                             # bytes
    | tok=CEL_TRUE                                          # boolTrue
    | tok=CEL_FALSE                                         # boolFalse
    | tok=NUL                                               # null
    | tok=BAD_STRING                                        # badString
    ;

// Identifiers usable as names and in expressions. The structure words of the language are
// reserved, except `port`, which is also the port of a network flow.
ident
    : IDENTIFIER
    | PORT
    ;

// Values of clauses (`mode warn`, `on error skip`, `expect deny`, `input admission`): a name
// or one of the reserved words that double as values.
word
    : ident
    | DENY | WARN | ALLOW | ALERT | BLOCK | AUDIT | ADMISSION | RUNTIME | NETWORK | ERROR
    ;

// After `.` any word is a field or method name: `workload.namespace`, `v.message`.
anyIdent
    : word | ESCAPED_IDENTIFIER | MESSAGE | IF | IN | LET | CONST | IMPORT | AS | CEL_TRUE | CEL_FALSE | NUL
    | PACKAGE | POLICY | SEVERITY | MODE | ON | DESCRIPTION | MATCH | WHEN | SELECT | DEFAULT
    | INGRESS | EGRESS | EACH | FROM | TO | TEST | INPUT | EXPECT | DEF | DATA
    ;

// ------------------------------------------------------------------------------- lexer

// CEL reserved words (the spec reserves more; these are the ones the language uses).
IN : 'in';
CEL_TRUE : 'true';
CEL_FALSE : 'false';
NUL : 'null';
IF : 'if';
LET : 'let';
CONST : 'const';
IMPORT : 'import';
AS : 'as';
MESSAGE : 'message';
ADMISSION : 'admission';
RUNTIME : 'runtime';
NETWORK : 'network';

// Soft keywords.
PACKAGE : 'package';
POLICY : 'policy';
SEVERITY : 'severity';
MODE : 'mode';
ON : 'on';
ERROR : 'error';
DESCRIPTION : 'description';
MATCH : 'match';
WHEN : 'when';
SELECT : 'select';
DEFAULT : 'default';
INGRESS : 'ingress';
EGRESS : 'egress';
EACH : 'each';
FROM : 'from';
TO : 'to';
PORT : 'port';
TEST : 'test';
INPUT : 'input';
EXPECT : 'expect';
DATA : 'data';
DEF : 'def';
DENY : 'deny';
WARN : 'warn';
ALLOW : 'allow';
ALERT : 'alert';
BLOCK : 'block';
AUDIT : 'audit';

EQUALS : '==';
NOT_EQUALS : '!=';
LESS_EQUALS : '<=';
GREATER_EQUALS : '>=';
LESS : '<';
GREATER : '>';
LOGICAL_AND : '&&';
LOGICAL_OR : '||';
ASSIGN : '=';

LBRACKET : '[';
RBRACKET : ']';
LBRACE : '{';
RBRACE : '}';
LPAREN : '(';
RPAREN : ')';
DOT : '.';
COMMA : ',';
MINUS : '-';
EXCLAM : '!';
QUESTIONMARK : '?';
COLON : ':';
PLUS : '+';
STAR : '*';
SLASH : '/';
PERCENT : '%';

fragment BACKSLASH : '\\';
fragment LETTER : 'A'..'Z' | 'a'..'z' ;
fragment DIGIT  : '0'..'9' ;
fragment EXPONENT : ('e' | 'E') ( '+' | '-' )? DIGIT+ ;
fragment HEXDIGIT : ('0'..'9'|'a'..'f'|'A'..'F') ;
fragment RAW : 'r' | 'R';

fragment ESC_SEQ
    : ESC_CHAR_SEQ
    | ESC_BYTE_SEQ
    | ESC_UNI_SEQ
    | ESC_OCT_SEQ
    ;

fragment ESC_CHAR_SEQ
    : BACKSLASH ('a'|'b'|'f'|'n'|'r'|'t'|'v'|'"'|'\''|'\\'|'?'|'`')
    ;

fragment ESC_OCT_SEQ
    : BACKSLASH ('0'..'3') ('0'..'7') ('0'..'7')
    ;

fragment ESC_BYTE_SEQ
    : BACKSLASH ( 'x' | 'X' ) HEXDIGIT HEXDIGIT
    ;

fragment ESC_UNI_SEQ
    : BACKSLASH 'u' HEXDIGIT HEXDIGIT HEXDIGIT HEXDIGIT
    | BACKSLASH 'U' HEXDIGIT HEXDIGIT HEXDIGIT HEXDIGIT HEXDIGIT HEXDIGIT HEXDIGIT HEXDIGIT
    ;

WHITESPACE : ( '\t' | ' ' | '\r' | '\n'| '\u000C' )+ -> channel(HIDDEN) ;
COMMENT : '//' (~'\n')* -> channel(HIDDEN) ;

NUM_FLOAT
  : ( DIGIT+ ('.' DIGIT+) EXPONENT?
    | DIGIT+ EXPONENT
    | '.' DIGIT+ EXPONENT?
    )
  ;

NUM_INT
  : ( DIGIT+ | '0x' HEXDIGIT+ );

NUM_UINT
   : DIGIT+ ( 'u' | 'U' )
   | '0x' HEXDIGIT+ ( 'u' | 'U' )
   ;

STRING
  : '"' (ESC_SEQ | ~('\\'|'"'|'\n'|'\r'))* '"'
  | '\'' (ESC_SEQ | ~('\\'|'\''|'\n'|'\r'))* '\''
  | '"""' (ESC_SEQ | ~('\\'))*? '"""'
  | '\'\'\'' (ESC_SEQ | ~('\\'))*? '\'\'\''
  | RAW '"' ~('"'|'\n'|'\r')* '"'
  | RAW '\'' ~('\''|'\n'|'\r')* '\''
  | RAW '"""' .*? '"""'
  | RAW '\'\'\'' .*? '\'\'\''
  ;

BYTES : ('b' | 'B') STRING;

// A string with an invalid escape or without its closing quote (on the same line). Listed after
// STRING so a valid string always lexes as STRING; the parser accepts it as a literal and the AST
// builder reports exactly what is wrong with it, so one bad string costs one diagnostic.
BAD_STRING
  : ('b' | 'B')? ( '"' ('\\' ~('\n'|'\r') | ~('\\'|'"'|'\n'|'\r'))* '"'?
                 | '\'' ('\\' ~('\n'|'\r') | ~('\\'|'\''|'\n'|'\r'))* '\''?
                 )
  ;

IDENTIFIER : (LETTER | '_') ( LETTER | DIGIT | '_')*;

// CEL's quoted field names: map.`content-type`, obj.`/api/v1`.
ESCAPED_IDENTIFIER : '`' (LETTER | DIGIT | '_' | '.' | '-' | '/' | ' ')+ '`';

// Anything else is one bad character. It goes to the hidden channel so the parser reads on as
// if it were not there; compiler/parse reports it with its position.
UNEXPECTED_CHARACTER : . -> channel(HIDDEN) ;
