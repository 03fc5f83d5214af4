namespace Keel.Examples;

/// <summary>
/// The data-entry mess applied to a clean application; the rates are the ones documented on
/// <see cref="CreditRiskGenerator"/>. Each kind is drawn independently, in a fixed order, so the same seed
/// damages the same cells.
/// </summary>
internal static class CreditRiskMess
{
    public const double MissingAge = 0.02;
    public const double MissingIncome = 0.05;
    public const double MissingEmploymentYears = 0.04;
    public const double MissingDebtToIncome = 0.01;
    public const double MissingHomeOwnership = 0.03;
    public const double MissingEmail = 0.01;
    public const double IncomeTypedTimesThousand = 0.002;
    public const double AgeAsBirthYear = 0.001;
    public const double UpperCaseHomeOwnership = 0.02;
    public const double UpperCasePurpose = 0.01;

    public static void Apply(SplitMix64 rng, CreditApplication application)
    {
        if (rng.Chance(IncomeTypedTimesThousand))
        {
            application.Income *= 1000;
        }
        if (rng.Chance(AgeAsBirthYear))
        {
            application.Age = application.AppliedAt.Year - application.Age;
        }
        if (rng.Chance(UpperCaseHomeOwnership))
        {
            application.HomeOwnership = application.HomeOwnership?.ToUpperInvariant();
        }
        if (rng.Chance(UpperCasePurpose))
        {
            application.Purpose = application.Purpose.ToUpperInvariant();
        }
        if (rng.Chance(MissingAge))
        {
            application.Age = null;
        }
        if (rng.Chance(MissingIncome))
        {
            application.Income = null;
        }
        if (rng.Chance(MissingEmploymentYears))
        {
            application.EmploymentYears = null;
        }
        if (rng.Chance(MissingDebtToIncome))
        {
            application.DebtToIncome = null;
        }
        if (rng.Chance(MissingHomeOwnership))
        {
            application.HomeOwnership = null;
        }
        if (rng.Chance(MissingEmail))
        {
            application.Email = null;
        }
    }
}
