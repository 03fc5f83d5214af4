using System.Globalization;
using BenchmarkDotNet.Running;
using Keel.Benchmarks;

switch (args)
{
    case ["gbdt-compare", var data, var dataset, ..]:
        GbdtComparison.Run(data, dataset, args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1);
        return;
    case ["linear-compare", var prepared, var dataset, ..]:
        LinearComparison.Run(prepared, dataset, args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1);
        return;
    case ["drift-compare", var reference, var current, ..]:
        DriftComparison.Run(reference, current, args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 3, args.Length > 4 ? args[4] : "c04");
        return;
    default:
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return;
}
