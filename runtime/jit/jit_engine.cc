#include "runtime/jit/jit_engine.h"

#include <atomic>
#include <chrono>
#include <mutex>

#include "compiler/codegen/llvm_codegen.h"
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
  auto context = std::make_unique<llvm::LLVMContext>();
  codegen::RuntimeAbi abi{sizeof(Value), alignof(Value), sizeof(ops::Iterator), alignof(ops::Iterator)};
  std::unique_ptr<llvm::Module> module = codegen::GenerateModule(program, abi, *context, error);
  if (module == nullptr) return nullptr;
  module->setDataLayout(host.jit->getDataLayout());
  module->setTargetTriple(host.jit->getTargetTriple().str());
  Optimise(*module, options.opt_level);

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
  if (llvm::Error e = host.jit->addIRModule(dylib, llvm::orc::ThreadSafeModule(std::move(module), std::move(context)))) {
    *error = "cannot load the generated code: " + Describe(std::move(e));
    return nullptr;
  }
  for (uint32_t i = 0; i < program.functions.size(); ++i) {
    auto address = host.jit->lookup(dylib, codegen::FunctionSymbol(i));
    if (!address) {
      *error = "cannot find generated function " + std::to_string(i) + ": " + Describe(address.takeError());
      return nullptr;
    }
    engine->functions_.push_back(address->toPtr<Function>());
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

PolicyEvaluation JitEngine::Evaluate(uint32_t policy, const Value& inputs, const BuiltinContext* context) const {
  PolicyEvaluation out;
  Run(program_.policies[policy].function, inputs, context, &out);
  return out;
}

Value JitEngine::Call(uint32_t function, const Value& inputs, const BuiltinContext* context) const {
  PolicyEvaluation scratch;
  return Run(function, inputs, context, &scratch);
}

}  // namespace rampart::runtime
