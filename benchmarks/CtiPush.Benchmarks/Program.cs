using BenchmarkDotNet.Running;
using CtiPush.Benchmarks;

// dotnet run -c Release --project benchmarks/CtiPush.Benchmarks                      micro-benchmarks (rules, numbers)
// dotnet run -c Release --project benchmarks/CtiPush.Benchmarks -- --filter '*RuleDecision*'
// dotnet run -c Release --project benchmarks/CtiPush.Benchmarks -- calls [count]     the call log over 1,000,000 calls
// dotnet run -c Release --project benchmarks/CtiPush.Benchmarks -- phonebook [count] newCall with and without 100,000 contacts
// dotnet run -c Release --project benchmarks/CtiPush.Benchmarks -- load [stored] [s]  the whole service under wrk, beside its ceiling
// dotnet run -c Release --project benchmarks/CtiPush.Benchmarks -- stats [count]     team statistics over 1,000,000 calls
// dotnet run -c Release --project benchmarks/CtiPush.Benchmarks -- webhooks [s]       the same load with three webhook subscriptions and without
switch (args)
{
    case ["calls", ..]:
        return await CallLogQueryBenchmark.RunAsync(args);
    case ["phonebook", ..]:
        return await PhonebookIngestBenchmark.RunAsync(args);
    case ["stats", ..]:
        return await StatisticsBenchmark.RunAsync(args);
    case ["load", ..]:
        return await LoadBenchmark.RunAsync(args);
    case ["webhooks", ..]:
        return await WebhookLoadBenchmark.RunAsync(args);
    case ["ceiling", _, _]:
        return await CeilingApp.RunAsync(args); // a child process of "load"
    case ["openloop", _, _, _, _, _]:
        return await OpenLoopClient.RunAsync(args); // a child process of "load"
}
BenchmarkSwitcher.FromAssembly(typeof(RuleDecisionBenchmarks).Assembly).Run(args.Length > 0 ? args : ["--filter", "*"]);
return 0;
