using ArchUnitNET.Domain;
using ArchUnitNET.Fluent;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnitV3;
using static ArchUnitNET.Fluent.ArchRuleDefinition;
using static ArchUnitNET.Fluent.Slices.SliceRuleDefinition;

namespace CtiPush.Tests.Architecture;

/// <summary>
/// Dependencies point one way. The shared layers — the call vocabulary (<c>Core</c>), <c>Numbers</c>, <c>Data</c>
/// and <c>Infrastructure</c>, in that order — know no feature; features (<c>Push</c>, <c>CallLog</c>, <c>Rules</c>,
/// <c>Phonebook</c>, <c>Admin</c>, and those to come) use the shared layers and each other in one direction only;
/// only the host (<c>Program</c>, <c>Hosting</c>) knows them all.
/// </summary>
public sealed class DependencyRules
{
    private static readonly ArchUnitNET.Domain.Architecture Service =
        new ArchLoader().LoadAssemblies(typeof(Program).Assembly).Build();

    private static readonly string[] SharedLayers = ["Core", "Numbers", "Data", "Infrastructure"];

    /// <summary>Every namespace of the service that is neither a shared layer nor the host: the features.</summary>
    private static IObjectProvider<IType> Features { get; } = Types().That()
        .ResideInNamespaceMatching(@"^CtiPush\.(?!(Core|Numbers|Data|Infrastructure|Hosting)(\.|$))\w+(\..*)?$")
        .As("the features");

    private static IObjectProvider<IType> Layer(string name) =>
        Types().That().ResideInNamespaceMatching($@"^CtiPush\.{name}(\..*)?$").As(name);

    private static IObjectProvider<IType> Host { get; } = Types().That()
        .ResideInNamespaceMatching(@"^CtiPush\.Hosting(\..*)?$").Or().HaveFullName("Program").As("the host");

    [Fact]
    public void There_are_features_to_check() =>
        Assert.NotEmpty(Features.GetObjects(Service)); // a namespace renamed away from the pattern would make the rules below vacuous

    [Fact]
    public void The_call_vocabulary_uses_nothing_of_the_service() =>
        Types().That().Are(Layer("Core")).Should().NotDependOnAny(Types().That().ResideInNamespaceMatching(@"^CtiPush\.(?!Core(\.|$))"))
            .Check(Service);

    [Fact]
    public void Numbers_use_nothing_of_the_service() =>
        Types().That().Are(Layer("Numbers")).Should().NotDependOnAny(Types().That().ResideInNamespaceMatching(@"^CtiPush\.(?!Numbers(\.|$))"))
            .Check(Service);

    [Fact]
    public void Data_uses_no_feature_and_no_layer_above_it() =>
        Types().That().Are(Layer("Data")).Should().NotDependOnAny(Types().That().Are(Features).Or().Are(Layer("Infrastructure")).Or().Are(Host))
            .Check(Service);

    [Fact]
    public void Infrastructure_uses_no_feature() =>
        Types().That().Are(Layer("Infrastructure")).Should().NotDependOnAny(Types().That().Are(Features).Or().Are(Host))
            .Check(Service);

    [Fact]
    public void Only_the_host_uses_the_host() =>
        Types().That().AreNot(Host).Should().NotDependOnAny(Host).Check(Service);

    [Fact]
    public void Features_and_layers_form_no_circle() =>
        Slices().Matching("CtiPush.(*)").Should().BeFreeOfCycles().Check(Service);

    [Fact]
    public void Every_namespace_is_a_known_layer_a_feature_or_the_host()
    {
        var namespaces = Service.Types.Select(t => t.Namespace.FullName).Where(n => n.StartsWith("CtiPush", StringComparison.Ordinal)).Distinct();
        var topLevel = namespaces.Select(n => n.Split('.') is [_, var second, ..] ? second : "").Where(n => n.Length > 0).ToHashSet();
        Assert.Superset(SharedLayers.ToHashSet(), topLevel.Intersect(SharedLayers).ToHashSet());
        Assert.Contains("Push", topLevel);
        Assert.Contains("CallLog", topLevel);
    }
}
