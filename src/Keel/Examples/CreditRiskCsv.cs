using System.Globalization;
using System.Text;

namespace Keel.Examples;

/// <summary>Formats a <see cref="CreditApplication"/> as one CSV record in <see cref="CreditRiskGenerator.Columns"/> order (invariant culture, missing = empty).</summary>
internal static class CreditRiskCsv
{
    public static void AppendRow(StringBuilder line, CreditApplication a)
    {
        var c = CultureInfo.InvariantCulture;
        line.Append(a.ApplicationId).Append(',')
            .Append(a.AppliedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", c)).Append(',')
            .Append(a.Age?.ToString(c)).Append(',')
            .Append(a.Income?.ToString(c)).Append(',')
            .Append(a.EmploymentYears?.ToString(c)).Append(',')
            .Append(a.LoanAmount.ToString(c)).Append(',')
            .Append(a.LoanTermMonths.ToString(c)).Append(',')
            .Append(a.InterestRate.ToString(c)).Append(',')
            .Append(a.DebtToIncome?.ToString(c)).Append(',')
            .Append(a.CreditHistoryMonths.ToString(c)).Append(',')
            .Append(a.NumOpenAccounts.ToString(c)).Append(',')
            .Append(a.NumDelinquencies.ToString(c)).Append(',')
            .Append(a.HomeOwnership).Append(',')
            .Append(a.Purpose).Append(',')
            .Append(a.Region).Append(',')
            .Append(a.Email).Append(',')
            .Append(a.Defaulted ? '1' : '0');
    }
}
