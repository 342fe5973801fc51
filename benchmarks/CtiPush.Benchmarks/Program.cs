using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/CtiPush.Benchmarks            (all)
// dotnet run -c Release --project benchmarks/CtiPush.Benchmarks -- --filter '*RuleDecision*'
BenchmarkSwitcher.FromAssembly(typeof(CtiPush.Benchmarks.RuleDecisionBenchmarks).Assembly).Run(args.Length > 0 ? args : ["--filter", "*"]);
