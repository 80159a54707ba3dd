//===- WindowSpecEncoder.cpp - Window specs into the runtime's binary form ===//
//
// Text in (one window per ';'):   param ":" kind ":" rpn
//   param the parameter's index, or R for the result (read-only kinds)
//   kind  w (read-write), r (read-only), s (NUL-terminated string, no rpn)
//   rpn   space-separated pN (parameter N), cV (constant), + - * / % << >>
// Binary out: cubicle/abi.h, "A window spec".  Stack depth, counts and
// constants are checked here, so that the runtime's evaluation only meets
// what the compiler made.
//
//===----------------------------------------------------------------------===//

#include "WindowSpecEncoder.h"

#include "cubicle/abi.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"

using namespace llvm;

namespace cubicle {

namespace {

struct Window {
  unsigned Param, Kind, Begin, End;
};

bool encodeLocation(StringRef Loc, uint16_t &Out) {
  unsigned Kind = CUBICLE_WLOC_NONE, Value = 0;
  if (Loc.consume_front("r"))
    Kind = CUBICLE_WLOC_REG;
  else if (Loc.consume_front("s"))
    Kind = CUBICLE_WLOC_STACK;
  else if (Loc != "x")
    return false;
  if (Kind != CUBICLE_WLOC_NONE &&
      (Loc.getAsInteger(10, Value) || Value >= (1u << CUBICLE_WLOC_SHIFT)))
    return false;
  Out = uint16_t(Kind << CUBICLE_WLOC_SHIFT | Value);
  return true;
}

// One size expression, appended to Ops.
bool encodeRpn(StringRef Rpn, unsigned NumParams, std::vector<uint64_t> &Ops,
               std::string &Error) {
  static const struct {
    const char *Tok;
    unsigned Op;
  } Binary[] = {{"+", CUBICLE_WOP_ADD}, {"-", CUBICLE_WOP_SUB},
                {"*", CUBICLE_WOP_MUL}, {"/", CUBICLE_WOP_DIV},
                {"%", CUBICLE_WOP_REM}, {"<<", CUBICLE_WOP_SHL},
                {">>", CUBICLE_WOP_SHR}};
  int Depth = 0;
  SmallVector<StringRef, 8> Toks;
  Rpn.split(Toks, ' ', -1, /*KeepEmpty=*/false);
  for (StringRef T : Toks) {
    uint64_t V = 0;
    if (T.size() > 1 && (T[0] == 'p' || T[0] == 'c')) {
      if (T.drop_front().getAsInteger(10, V)) {
        Error = ("bad operand '" + T + "'").str();
        return false;
      }
      if (T[0] == 'p' && V >= NumParams) {
        Error = ("parameter " + T.drop_front() + " out of range").str();
        return false;
      }
      if (V >> CUBICLE_WOP_SHIFT) {
        Error = "constant " + utostr(V) + " is 2^56 or more";
        return false;
      }
      Ops.push_back(
          uint64_t(T[0] == 'p' ? CUBICLE_WOP_PARAM : CUBICLE_WOP_CONST)
              << CUBICLE_WOP_SHIFT |
          V);
      ++Depth;
      continue;
    }
    unsigned Op = ~0u;
    for (const auto &B : Binary)
      if (T == B.Tok)
        Op = B.Op;
    if (Op == ~0u || Depth < 2) {
      Error = ("bad size expression '" + Rpn + "'").str();
      return false;
    }
    Ops.push_back(uint64_t(Op) << CUBICLE_WOP_SHIFT);
    --Depth;
  }
  if (Depth != 1) {
    Error = ("bad size expression '" + Rpn + "'").str();
    return false;
  }
  return true;
}

} // namespace

std::vector<uint8_t> encodeWindowSpec(const std::vector<std::string> &ArgLocs,
                                      StringRef Windows, std::string &Error) {
  std::vector<uint8_t> Out;
  if (ArgLocs.size() > CUBICLE_WSPEC_MAX_PARAMS) {
    Error = "more than " + utostr(CUBICLE_WSPEC_MAX_PARAMS) +
            " parameters in a function with windows";
    return Out;
  }
  std::vector<uint16_t> Locs;
  for (const std::string &L : ArgLocs) {
    uint16_t E;
    if (!encodeLocation(L, E)) {
      Error = "bad parameter location '" + L + "'";
      return Out;
    }
    Locs.push_back(E);
  }
  std::vector<Window> Ws;
  std::vector<uint64_t> Ops;
  SmallVector<StringRef, 4> Parts;
  Windows.split(Parts, ';', -1, /*KeepEmpty=*/false);
  for (StringRef Part : Parts) {
    StringRef ParamText, Kind, Rpn;
    std::tie(ParamText, Kind) = Part.split(':');
    std::tie(Kind, Rpn) = Kind.split(':');
    unsigned Param = CUBICLE_WSPEC_RESULT;
    if ((ParamText != "R" &&
         (ParamText.getAsInteger(10, Param) || Param >= Locs.size())) ||
        Kind.size() != 1 || (ParamText == "R" && Kind == "w")) {
      Error = ("bad window '" + Part + "'").str();
      return {};
    }
    if (Ws.size() == CUBICLE_WSPEC_MAX_WINDOWS) {
      Error = "more than " + utostr(CUBICLE_WSPEC_MAX_WINDOWS) +
              " windows in one call";
      return {};
    }
    Window W{Param, 0, unsigned(Ops.size()), 0};
    switch (Kind[0]) {
    case 'r':
      W.Kind = CUBICLE_WKIND_READ;
      break;
    case 'w':
      W.Kind = CUBICLE_WKIND_WRITE;
      break;
    case 's':
      W.Kind = CUBICLE_WKIND_STRING;
      break;
    default:
      Error = ("bad window kind '" + Kind + "'").str();
      return {};
    }
    if (W.Kind != CUBICLE_WKIND_STRING &&
        !encodeRpn(Rpn, unsigned(Locs.size()), Ops, Error))
      return {};
    if (Ops.size() > CUBICLE_WSPEC_MAX_OPS) {
      Error = "size expressions longer than " + utostr(CUBICLE_WSPEC_MAX_OPS) +
              " operations in one call";
      return {};
    }
    W.End = unsigned(Ops.size());
    Ws.push_back(W);
  }
  unsigned P = unsigned(Locs.size()), NW = unsigned(Ws.size());
  Out.assign(CUBICLE_WSPEC_SIZE(P, NW, Ops.size()), 0);
  Out[0] = CUBICLE_WSPEC_VERSION;
  Out[1] = uint8_t(P);
  Out[2] = uint8_t(NW);
  Out[3] = uint8_t(Ops.size());
  for (unsigned I = 0; I < P; ++I) {
    Out[CUBICLE_WSPEC_HEADER + 2 * I] = uint8_t(Locs[I]);
    Out[CUBICLE_WSPEC_HEADER + 2 * I + 1] = uint8_t(Locs[I] >> 8);
  }
  for (unsigned I = 0; I < NW; ++I) {
    uint8_t *W = &Out[CUBICLE_WSPEC_WINDOWS(P) + 4 * I];
    W[0] = uint8_t(Ws[I].Param);
    W[1] = uint8_t(Ws[I].Kind);
    W[2] = uint8_t(Ws[I].Begin);
    W[3] = uint8_t(Ws[I].End);
  }
  for (size_t I = 0; I < Ops.size(); ++I)
    for (unsigned B = 0; B < 8; ++B)
      Out[CUBICLE_WSPEC_OPS(P, NW) + 8 * I + B] = uint8_t(Ops[I] >> (8 * B));
  return Out;
}

} // namespace cubicle
