using ChildForum.Core.Http;
using ChildForum.Testing;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Mvc.ViewComponents;
using Microsoft.Extensions.DependencyInjection;

namespace ChildForum.Core.Tests.Architecture;

/// <summary>MVC finds the modules' view components among their public types (<see cref="PublicTypesPart"/>), and no part
/// lists private types (which made the site load libraries it never used: <see cref="ModuleLoadTests"/>).</summary>
[Collection(SqliteAppFixture.Collection)]
public sealed class ApplicationPartsTests(SqliteAppFixture fixture) : ForumTest(fixture)
{
    [SkippableFact]
    public void Every_module_is_a_part_of_public_types_and_its_view_components_are_found()
    {
        var manager = App.Services.GetRequiredService<ApplicationPartManager>();
        var components = new ViewComponentFeature();
        manager.PopulateFeature(components);

        Assert.DoesNotContain(manager.ApplicationParts, part => part is AssemblyPart);
        Assert.Contains(manager.ApplicationParts, part => part is PublicTypesPart { Name: "ChildForum.Search" });
        Assert.Contains(components.ViewComponents, type => type.Name == "GroupThreadsViewComponent");
        Assert.Contains(components.ViewComponents, type => type.Name == "GroupDocumentsViewComponent");
    }
}
