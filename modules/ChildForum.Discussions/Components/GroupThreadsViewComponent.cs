using ChildForum.Core.Security;
using ChildForum.Discussions.Services;
using Microsoft.AspNetCore.Mvc;

namespace ChildForum.Discussions.Components;

/// <summary>The group page's "Discussions" section: the threads, newest activity first, and a link to start one.</summary>
public sealed class GroupThreadsViewComponent(ThreadService threads) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(GroupAccess group) =>
        View("/Areas/Discussions/Pages/Shared/_GroupThreads.cshtml", new GroupThreadsModel(group, await threads.ListThreadsAsync(group.GroupId, HttpContext.RequestAborted)));
}

public sealed record GroupThreadsModel(GroupAccess Group, IReadOnlyList<Models.ThreadDto> Threads);
