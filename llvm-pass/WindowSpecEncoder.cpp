//===- WindowSpecEncoder.cpp - Window specs into the runtime's binary form ===//
//
// Text in (one window per ';'):   param ":" kind ":" rpn
//   param the parameter's index, R for the result (read-only kinds), or
//         N.OFF for the pointer field at byte OFF of the struct that the
//         window of parameter N (written earlier) lends
//   kind  w (read-write), r (read-only), s (NUL-terminated string, no rpn),
//         v (NULL-terminated array of strings, no rpn),
//         F (printf format: the last fixed parameter, every parameter in
//         an integer register; no rpn),
//         o (the result: a block handed over), z (the result: a string
//         handed over, no rpn), x (a block given back, no rpn),
//         then k if the callee keeps the pointer, e if the call ends that
//   rpn   space-separated pN (parameter N), cV (constant), fOFF/W (the
//         parent struct's W-byte field at OFF), dW (pop an address, push
//         the W-byte integer there), + - * / % << >>
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
  unsigned Param, Kind, Begin, End, Flags = 0, FieldOffset = 0;
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
bool encodeRpn(StringRef Rpn, unsigned NumParams, bool InField,
               bool InResult, std::vector<uint64_t> &Ops, std::string &Error) {
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
    if (T.size() > 1 && T[0] == 'f') {
      auto [Off, Width] = T.drop_front().split('/');
      uint64_t O, W;
      if (!InField || Off.getAsInteger(10, O) || Width.getAsInteger(10, W) ||
          O > 0xffff || (W != 1 && W != 2 && W != 4 && W != 8)) {
        Error = ("bad field operand '" + T + "'").str();
        return false;
      }
      Ops.push_back(uint64_t(CUBICLE_WOP_FIELD) << CUBICLE_WOP_SHIFT |
                    W << 16 | O);
      ++Depth;
      continue;
    }
    if (T.size() == 2 && T[0] == 'l') {
      unsigned W = unsigned(T[1] - '0');
      if ((W != 4 && W != 8) || Depth < 1 || InField) {
        Error = ("bad len_or_cstr '" + T + "' in '" + Rpn + "'").str();
        return false;
      }
      Ops.push_back(uint64_t(CUBICLE_WOP_LEN_OR_CSTR) << CUBICLE_WOP_SHIFT | W);
      continue;
    }
    if (T == "n") {
      if (!InResult) {
        Error = "a size function's size outside a result window";
        return false;
      }
      Ops.push_back(uint64_t(CUBICLE_WOP_SIZED) << CUBICLE_WOP_SHIFT);
      ++Depth;
      continue;
    }
    if (T.size() == 2 && T[0] == 'd') {
      unsigned W = unsigned(T[1] - '0');
      if ((W != 1 && W != 2 && W != 4 && W != 8) || Depth < 1) {
        Error = ("bad load '" + T + "' in '" + Rpn + "'").str();
        return false;
      }
      Ops.push_back(uint64_t(CUBICLE_WOP_LOAD) << CUBICLE_WOP_SHIFT | W);
      continue;
    }
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
    StringRef ParamText, Kind, Rpn, FieldText;
    std::tie(ParamText, Kind) = Part.split(':');
    std::tie(Kind, Rpn) = Kind.split(':');
    std::tie(ParamText, FieldText) = ParamText.split('.');
    unsigned Param = CUBICLE_WSPEC_RESULT, Flags = 0, FieldOffset = 0;
    StringRef KindFlags = Kind.empty() ? Kind : Kind.drop_front();
    bool FlagsOk = true;
    // tN: kept, tied to the handle in parameter N.
    unsigned Tie = ~0u;
    unsigned TieSlot = 0; // the slot parameter + 1, or 0
    if (size_t T = KindFlags.find('t'); T != StringRef::npos) {
      auto [TieText, SlotText] = KindFlags.drop_front(T + 1).split('/');
      if (!SlotText.empty()) {
        if (SlotText.getAsInteger(10, TieSlot) ||
            TieSlot >= CUBICLE_WSPEC_MAX_PARAMS)
          FlagsOk = false;
        ++TieSlot;
      }
      if (TieText.getAsInteger(10, Tie) ||
          Tie >= CUBICLE_WSPEC_MAX_PARAMS || (Kind[0] != 'r' && Kind[0] != 'w'))
        FlagsOk = false;
      KindFlags = KindFlags.take_front(T);
      Flags |= CUBICLE_WFLAG_KEPT | CUBICLE_WFLAG_TIED;
    }
    for (char F : KindFlags)
      if (F == 'q' && (Kind[0] == 'F' || Kind[0] == 'V'))
        Flags |= CUBICLE_WFLAG_SQLITE_FORMAT; // SQLite's printf dialect
      else if (F == 'k' && Kind[0] != 'h')
        Flags |= CUBICLE_WFLAG_KEPT;
      else if (F == 'e' && Kind[0] == 'h')
        Flags |= CUBICLE_WFLAG_END; // a handle's last call
      else if (F == 'e')
        Flags |= CUBICLE_WFLAG_KEPT | CUBICLE_WFLAG_END;
      else
        FlagsOk = false;
    if ((ParamText != "R" &&
         (ParamText.getAsInteger(10, Param) || Param >= Locs.size())) ||
        Kind.empty() || !FlagsOk ||
        (ParamText == "R" && (Kind[0] == 'x' || Flags ||
                              !FieldText.empty())) ||
        (ParamText != "R" && (Kind[0] == 'o' ||
                              (Kind[0] == 'z' && FieldText != "0"))) ||
        ((Kind[0] == 'x' || Kind[0] == 'h' || Kind[0] == 'u') &&
         !FieldText.empty()) ||
        ((Kind[0] == 'x' || Kind[0] == 'u' || Kind[0] == 'g' ||
          Kind[0] == 'd') &&
         Flags) ||
        ((Kind[0] == 'g' || Kind[0] == 'd') && !FieldText.empty()) ||
        (ParamText == "R" &&
         (Kind[0] == 'u' || Kind[0] == 'g' || Kind[0] == 'd')) ||
        (!FieldText.empty() &&
         (Flags || FieldText.getAsInteger(10, FieldOffset) ||
          FieldOffset > 0xffff))) {
      Error = ("bad window '" + Part + "'").str();
      return {};
    }
    if (!FieldText.empty()) {
      // A field window names its parent by index: the window of the same
      // parameter written before it.
      unsigned Parent = ~0u;
      for (unsigned J = 0; J < Ws.size(); ++J)
        if (!(Ws[J].Flags & CUBICLE_WFLAG_FIELD) && Ws[J].Param == Param)
          Parent = J;
      if (Parent == ~0u || (Ws[Parent].Kind != CUBICLE_WKIND_READ &&
                            Ws[Parent].Kind != CUBICLE_WKIND_WRITE)) {
        Error = ("field window '" + Part +
                 "' has no struct window of its parameter before it")
                    .str();
        return {};
      }
      Param = Parent;
      Flags = CUBICLE_WFLAG_FIELD;
    }
    if (Ws.size() == CUBICLE_WSPEC_MAX_WINDOWS) {
      Error = "more than " + utostr(CUBICLE_WSPEC_MAX_WINDOWS) +
              " windows in one call";
      return {};
    }
    if (Tie != ~0u) {
      if (Tie >= Locs.size() || !FieldText.empty() || ParamText == "R" ||
          (Flags & CUBICLE_WFLAG_END)) {
        Error = ("bad tied window '" + Part + "'").str();
        return {};
      }
      if (TieSlot > Locs.size()) {
        Error = ("bad tied window '" + Part + "'").str();
        return {};
      }
      FieldOffset = Tie | TieSlot << 8;
    }
    Window W{Param, 0, unsigned(Ops.size()), 0, Flags, FieldOffset};
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
    case 'v':
      W.Kind = CUBICLE_WKIND_STRV;
      break;
    case 'o':
      W.Kind = CUBICLE_WKIND_OWNED;
      break;
    case 'z':
      W.Kind = CUBICLE_WKIND_OWNED_STRING;
      break;
    case 'x':
      W.Kind = CUBICLE_WKIND_RELEASED;
      break;
    case 'h':
      W.Kind = CUBICLE_WKIND_HANDLE;
      break;
    case 'i':
      W.Kind = CUBICLE_WKIND_INTO;
      if (!(Flags & CUBICLE_WFLAG_FIELD)) {
        Error = ("a pointer into a window '" + Part + "' is not a field")
                    .str();
        return {};
      }
      break;
    case 'g':
      W.Kind = CUBICLE_WKIND_GIVEN;
      break;
    case 'd':
      W.Kind = CUBICLE_WKIND_DROPS;
      break;
    case 'a':
      W.Kind = CUBICLE_WKIND_ZARRAY;
      if (ParamText != "R") {
        Error = ("an array window '" + Part + "' goes on a result").str();
        return {};
      }
      break;
    case 'u':
      W.Kind = CUBICLE_WKIND_HANDLE;
      W.Flags |= CUBICLE_WFLAG_USER_DATA;
      break;
    case 'F':
      W.Kind = CUBICLE_WKIND_FORMAT;
      // The runtime finds the variadic arguments after the fixed ones, all
      // in integer registers.
      for (unsigned J = 0; J < Locs.size(); ++J)
        if (Locs[J] != (CUBICLE_WLOC_REG << CUBICLE_WLOC_SHIFT | J))
          Error = "a format window needs every fixed parameter in an "
                  "integer register";
      if (Param + 1 != Locs.size() || (Flags & ~CUBICLE_WFLAG_SQLITE_FORMAT) ||
          !FieldText.empty())
        Error = ("bad format window '" + Part + "'").str();
      if (!Error.empty())
        return {};
      break;
    case 'V':
      // A vprintf: the va_list is the next parameter, wherever it is.
      W.Kind = CUBICLE_WKIND_FORMAT;
      W.Flags |= CUBICLE_WFLAG_VA_LIST;
      if (ParamText == "R" || Param + 1 >= Locs.size() ||
          (Flags & ~CUBICLE_WFLAG_SQLITE_FORMAT) || !FieldText.empty()) {
        Error = ("bad va_list format window '" + Part + "'").str();
        return {};
      }
      break;
    default:
      Error = ("bad window kind '" + Kind + "'").str();
      return {};
    }
    bool NoSize = W.Kind == CUBICLE_WKIND_STRING ||
                  (W.Kind == CUBICLE_WKIND_STRV && Rpn.empty()) ||
                  W.Kind == CUBICLE_WKIND_FORMAT ||
                  W.Kind == CUBICLE_WKIND_OWNED_STRING ||
                  W.Kind == CUBICLE_WKIND_RELEASED ||
                  W.Kind == CUBICLE_WKIND_GIVEN ||
                  W.Kind == CUBICLE_WKIND_DROPS ||
                  (W.Flags & CUBICLE_WFLAG_USER_DATA);
    if (NoSize && (Flags & CUBICLE_WFLAG_KEPT)) {
      Error = ("a kept string window '" + Part + "'").str();
      return {};
    }
    if (!NoSize &&
        !encodeRpn(Rpn, unsigned(Locs.size()), Flags & CUBICLE_WFLAG_FIELD,
                   Param == CUBICLE_WSPEC_RESULT, Ops, Error))
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
    uint8_t *W = &Out[CUBICLE_WSPEC_WINDOWS(P) + CUBICLE_WSPEC_WINDOW_BYTES * I];
    W[0] = uint8_t(Ws[I].Param);
    W[1] = uint8_t(Ws[I].Kind);
    W[2] = uint8_t(Ws[I].Begin);
    W[3] = uint8_t(Ws[I].End);
    W[4] = uint8_t(Ws[I].Flags);
    W[6] = uint8_t(Ws[I].FieldOffset);
    W[7] = uint8_t(Ws[I].FieldOffset >> 8);
  }
  for (size_t I = 0; I < Ops.size(); ++I)
    for (unsigned B = 0; B < 8; ++B)
      Out[CUBICLE_WSPEC_OPS(P, NW) + 8 * I + B] = uint8_t(Ops[I] >> (8 * B));
  return Out;
}

} // namespace cubicle
