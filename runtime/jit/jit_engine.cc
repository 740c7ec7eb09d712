#include "runtime/jit/jit_engine.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "compiler/codegen/llvm_codegen.h"
#include "llvm/ExecutionEngine/Orc/CompileUtils.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/ExecutionEngine/Orc/ThreadSafeModule.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/TargetSelect.h"
#include "runtime/exec/ops.h"
#include "runtime/jit/jit_helpers.h"

namespace rampart::runtime {
namespace {

std::string Describe(llvm::Error e) {
  std::string out;
  llvm::handleAllErrors(std::move(e), [&](const llvm::ErrorInfoBase& info) { out += info.message(); });
  return out;
}

// One LLJIT for the process: creating one costs about a millisecond, and policy sets come
// and go as JITDylibs inside it. The runtime helpers are defined once in its main JITDylib.
struct Host {
  std::unique_ptr<llvm::orc::LLJIT> jit;
  std::string error;
  std::mutex mutex;  // serialises creating and removing JITDylibs
  std::optional<llvm::orc::JITTargetMachineBuilder> machine;  // the host, at CodeGenOptLevel::None
  std::atomic<uint64_t> next_id{0};
};

Host& TheHost() {
  static Host* host = [] {
    auto* h = new Host();  // never destroyed: code may run until exit
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    // Machine code generation at CodeGenOptLevel::None (fast instruction selection): the IR
    // is already optimised at the engine's level, and policy sets are large but simple, so
    // the backend's time is the compile time that matters.
    auto builder = llvm::orc::JITTargetMachineBuilder::detectHost();
    if (!builder) {
      h->error = "cannot detect the host for the LLVM JIT: " + Describe(builder.takeError());
      return h;
    }
    builder->setCodeGenOptLevel(llvm::CodeGenOptLevel::None);
    h->machine.emplace(*builder);  // JitEngine::Create compiles parts with copies of it
    auto jit = llvm::orc::LLJITBuilder().setJITTargetMachineBuilder(std::move(*builder)).create();
    if (!jit) {
      h->error = "cannot create the LLVM JIT: " + Describe(jit.takeError());
      return h;
    }
    h->jit = std::move(*jit);
    llvm::orc::SymbolMap symbols;
    for (const auto& [name, address] : jit::HelperSymbols()) {
      symbols[h->jit->mangleAndIntern(name)] = {llvm::orc::ExecutorAddr::fromPtr(address),
                                                llvm::JITSymbolFlags::Exported | llvm::JITSymbolFlags::Callable};
    }
    if (llvm::Error e = h->jit->getMainJITDylib().define(llvm::orc::absoluteSymbols(std::move(symbols)))) {
      h->error = "cannot define the runtime helpers: " + Describe(std::move(e));
      h->jit.reset();
    }
    return h;
  }();
  return *host;
}

// Below this many IR instructions a set is one module: splitting costs more than it saves.
constexpr size_t kInstructionsPerPart = 4000;

void Optimise(llvm::Module& module, int level) {
  if (level <= 0) return;
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PassBuilder pb;
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  llvm::ModulePassManager mpm =
      pb.buildPerModuleDefaultPipeline(level == 1 ? llvm::OptimizationLevel::O1 : llvm::OptimizationLevel::O2);
  mpm.run(module, mam);
}

}  // namespace

struct JitEngine::Loaded {
  llvm::orc::JITDylib* dylib = nullptr;
};

JitEngine::JitEngine(const ir::Program& program) : program_(program) {}

std::unique_ptr<JitEngine> JitEngine::Create(const ir::Program& program, const JitOptions& options,
                                             std::string* error) {
  auto start = std::chrono::steady_clock::now();
  std::unique_ptr<JitEngine> engine(new JitEngine(program));
  if (!engine->tables_.Resolve(program, error)) return nullptr;

  Host& host = TheHost();
  if (host.jit == nullptr) {
    *error = host.error;
    return nullptr;
  }
  codegen::RuntimeAbi abi{sizeof(Value), alignof(Value), sizeof(ops::Iterator), alignof(ops::Iterator), {}};
  for (const auto& [name, address] : jit::HelperSymbols()) abi.helper_addresses[name] = address;
  // Sized by Resolve and never resized: their elements stay where the code points.
  abi.constants = engine->tables_.constants.data();
  abi.globals = engine->tables_.globals.data();
  abi.true_value = &ops::kTrueValue;
  abi.false_value = &ops::kFalseValue;
  // Large sets are split into parts, each generated, optimised and compiled to an object
  // file on a thread of its own; the JIT then only links them. (ORC's own compile threads
  // were measured slower than compiling on the calling thread.) Two parts per core balance
  // uneven parts.
  size_t instructions = 0;
  for (const ir::Function& f : program.functions) instructions += f.code.size();
  const unsigned threads = std::max(1u, std::min(8u, std::thread::hardware_concurrency()));
  const unsigned parts = instructions < kInstructionsPerPart ? 1u
                         : static_cast<unsigned>(std::min<size_t>(2 * threads, instructions / kInstructionsPerPart));
  std::vector<std::vector<uint32_t>> partition = codegen::PartitionFunctions(program, parts);
  std::vector<std::unique_ptr<llvm::MemoryBuffer>> objects(partition.size());
  std::vector<std::string> errors(partition.size());
  std::atomic<size_t> next_part{0};
  auto work = [&] {
    for (size_t part = next_part++; part < partition.size(); part = next_part++) {
      llvm::LLVMContext context;
      std::unique_ptr<llvm::Module> module =
          codegen::GenerateModulePart(program, abi, partition[part], context, &errors[part]);
      if (module == nullptr) continue;
      module->setDataLayout(host.jit->getDataLayout());
      module->setTargetTriple(host.jit->getTargetTriple().str());
      Optimise(*module, options.opt_level);
      llvm::orc::JITTargetMachineBuilder builder = *host.machine;
      auto machine = builder.createTargetMachine();
      if (!machine) {
        errors[part] = "cannot create a target machine: " + Describe(machine.takeError());
        continue;
      }
      llvm::orc::SimpleCompiler compile(**machine);
      auto object = compile(*module);
      if (!object) {
        errors[part] = "cannot compile the generated code: " + Describe(object.takeError());
        continue;
      }
      objects[part] = std::move(*object);
    }
  };
  {
    std::vector<std::thread> workers;
    for (unsigned t = 1; t < std::min<size_t>(threads, partition.size()); ++t) workers.emplace_back(work);
    work();
    for (std::thread& t : workers) t.join();
  }
  for (size_t part = 0; part < partition.size(); ++part) {
    if (objects[part] == nullptr) {
      *error = errors[part];
      return nullptr;
    }
  }

  engine->loaded_ = std::make_unique<Loaded>();
  {
    std::lock_guard<std::mutex> lock(host.mutex);
    auto dylib = host.jit->createJITDylib("rampart-set-" + std::to_string(host.next_id++));
    if (!dylib) {
      *error = "cannot create a JITDylib: " + Describe(dylib.takeError());
      return nullptr;
    }
    engine->loaded_->dylib = &*dylib;
    dylib->addToLinkOrder(host.jit->getMainJITDylib());
  }
  llvm::orc::JITDylib& dylib = *engine->loaded_->dylib;
  for (std::unique_ptr<llvm::MemoryBuffer>& object : objects) {
    if (llvm::Error e = host.jit->addObjectFile(dylib, std::move(object))) {
      *error = "cannot load the generated code: " + Describe(std::move(e));
      return nullptr;
    }
  }
  // One lookup for every function: each lookup is a round trip through the session (locks,
  // dependency tracking), and thousands of them cost more than generating the code.
  llvm::orc::SymbolLookupSet names;
  std::vector<llvm::orc::SymbolStringPtr> interned;
  for (uint32_t i = 0; i < program.functions.size(); ++i) {
    interned.push_back(host.jit->mangleAndIntern(codegen::FunctionSymbol(i)));
    names.add(interned.back());
  }
  auto found = host.jit->getExecutionSession().lookup(
      llvm::orc::makeJITDylibSearchOrder(&dylib, llvm::orc::JITDylibLookupFlags::MatchAllSymbols), std::move(names));
  if (!found) {
    *error = "cannot find the generated functions: " + Describe(found.takeError());
    return nullptr;
  }
  for (const llvm::orc::SymbolStringPtr& name : interned) {
    engine->functions_.push_back((*found)[name].getAddress().toPtr<Function>());
  }
  // Constants read no inputs: evaluate each once, in order, as the interpreter does.
  for (size_t g = 0; g < program.globals.size(); ++g) {
    PolicyEvaluation scratch;
    engine->tables_.globals[g] = engine->Run(program.globals[g].function, Value::Map({}), nullptr, &scratch);
  }
  engine->tables_.IndexGlobals(program);
  engine->compile_ms_ =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return engine;
}

JitEngine::~JitEngine() {
  if (loaded_ == nullptr || loaded_->dylib == nullptr) return;
  Host& host = TheHost();
  std::lock_guard<std::mutex> lock(host.mutex);
  // Frees this set's code; other sets keep running.
  if (llvm::Error e = host.jit->getExecutionSession().removeJITDylib(*loaded_->dylib)) {
    llvm::consumeError(std::move(e));
  }
}

Value JitEngine::Run(uint32_t function, const Value& inputs, const BuiltinContext* context,
                     PolicyEvaluation* out) const {
  ops::Evaluation e;
  e.program = &program_;
  e.tables = &tables_;
  e.inputs = &inputs;
  e.context = context;
  e.out = out;
  Value result;
  functions_[function](&e, nullptr, &result);
  return result;
}

void JitEngine::EvaluateInto(uint32_t policy, const Value& inputs, const BuiltinContext* context,
                             PolicyEvaluation* out) const {
  out->in_scope = false;
  out->fired.clear();
  out->errors.clear();
  Run(program_.policies[policy].function, inputs, context, out);
}

Value JitEngine::Call(uint32_t function, const Value& inputs, const BuiltinContext* context) const {
  PolicyEvaluation scratch;
  return Run(function, inputs, context, &scratch);
}

}  // namespace rampart::runtime
