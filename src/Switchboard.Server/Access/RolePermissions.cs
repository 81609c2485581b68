using Switchboard.Abstractions.Access;

namespace Switchboard.Server.Access;

/// <summary>The permissions each role grants (see docs/access.md for the table).</summary>
internal static class RolePermissions
{
    public static Permission Of(string role) => role switch
    {
        Roles.Admin => Permission.All,
        Roles.Operator => Permission.HandoffQueue | Permission.ConversationsRead | Permission.UsageRead | Permission.AgentsRead | Permission.Metrics,
        Roles.User => Permission.Chat | Permission.ConversationsRead | Permission.ConversationsWrite | Permission.AgentsRead,
        Roles.Service => Permission.Chat | Permission.ConversationsRead | Permission.ConversationsWrite,
        _ => Permission.None,
    };

    /// <summary>The permissions of a set of roles. Agents and circuits are shared by every tenant, so only an admin of
    /// the root tenant may change them; other admins manage their own tenant.</summary>
    public static Permission Of(IEnumerable<string> roles, bool rootAdmin)
    {
        var permissions = Permission.None;
        if (roles is IReadOnlyList<string> list)
        {
            // Indexed: a foreach over the list would allocate an enumerator.
            for (var i = 0; i < list.Count; i++)
            {
                permissions |= Of(list[i]);
            }
        }
        else
        {
            foreach (var role in roles)
            {
                permissions |= Of(role);
            }
        }

        return rootAdmin ? permissions : permissions & ~Permission.ConfigManage;
    }
}
