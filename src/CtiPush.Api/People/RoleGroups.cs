namespace CtiPush.People;

/// <summary>How a feature's route group asks for a role: the policy, and the 401 and 403 it can answer, in one call.</summary>
public static class RoleGroups
{
    /// <param name="role">one of <see cref="Roles"/>: the least role the group's routes need</param>
    public static RouteGroupBuilder RequireRole(this RouteGroupBuilder group, string role) => group
        .RequireAuthorization(role)
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden);
}
