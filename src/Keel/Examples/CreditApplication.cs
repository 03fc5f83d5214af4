namespace Keel.Examples;

/// <summary>One generated credit application: the values a CSV row holds (null = missing) and the true default probability.</summary>
internal sealed class CreditApplication
{
    public required string ApplicationId { get; init; }

    public required DateTimeOffset AppliedAt { get; init; }

    public int? Age { get; set; }

    public double? Income { get; set; }

    public double? EmploymentYears { get; set; }

    public required double LoanAmount { get; init; }

    public required int LoanTermMonths { get; init; }

    public required double InterestRate { get; init; }

    public double? DebtToIncome { get; set; }

    public required int CreditHistoryMonths { get; init; }

    public required int NumOpenAccounts { get; init; }

    public required int NumDelinquencies { get; init; }

    public string? HomeOwnership { get; set; }

    public required string Purpose { get; set; }

    public required string Region { get; init; }

    public string? Email { get; set; }

    public required bool Defaulted { get; init; }

    /// <summary>The probability the label was drawn with (not written): lets tests measure the best achievable AUC.</summary>
    public required double DefaultProbability { get; init; }
}
