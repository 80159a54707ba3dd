# lit configuration for Cubicle's compiler tests: each test compiles a small
# C file with the plugin and checks the IR or the assembly with FileCheck.
import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import FindTool, ToolSubst

config.name = "Cubicle"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".c", ".cpp", ".ll"]
config.excludes = ["Inputs"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.cubicle_obj_root, "lit")

# Tools from LLVM 19 only: an unhinted search would find Debian's clang 14.
tool_dirs = [config.llvm_tools_dir]
tools = [
    ToolSubst("%clang", command=FindTool("clang"), unresolved="fatal"),
    ToolSubst("%clangxx", command=FindTool("clang++"), unresolved="fatal"),
    ToolSubst("%opt", command=FindTool("opt"), unresolved="fatal"),
    ToolSubst("%llvm-link", command=FindTool("llvm-link"), unresolved="fatal"),
    ToolSubst("FileCheck", command=FindTool("FileCheck"), unresolved="fatal"),
    ToolSubst("not", command=FindTool("not"), unresolved="fatal"),
    ToolSubst("llvm-readelf", command=FindTool("llvm-readelf"), unresolved="fatal"),
    ToolSubst("llvm-objdump", command=FindTool("llvm-objdump"), unresolved="fatal"),
    ToolSubst("count", command=FindTool("count"), unresolved="fatal"),
]
llvm_config.add_tool_substitutions(tools, tool_dirs)

plugin = config.cubicle_plugin
# Before %cubicle, which is a prefix of it.
config.substitutions.append(
    ("%cubicle-cc", os.path.join(config.cubicle_bin, "cubicle-cc")))
config.substitutions.append(("%plugin", plugin))
# The pass alone, for one job on .ll input:
#   %opt-cubicle -passes=cubicle-globals %s   (cubicle "app")
# First, since %opt is a prefix of it.
config.substitutions.insert(0,
    ("%opt-cubicle", "%s -load-pass-plugin=%s -cubicle-name=app -S"
     % (os.path.join(config.llvm_tools_dir, "opt"), config.cubicle_pass_plugin)))
config.substitutions.append(
    ("%cubicle", "-fplugin=%s -fpass-plugin=%s -I%s" % (plugin, plugin, config.cubicle_include)))
config.substitutions.append(("%include", config.cubicle_include))
