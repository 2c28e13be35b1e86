namespace ChildForum.PolicyDrafts.Tests;
