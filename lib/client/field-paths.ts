/** The API names fields `deals[1].amount`; react-hook-form names them `deals.1.amount`. */
export function toFormPath(apiField: string): string {
  return apiField.replace(/\[(\d+)\]/g, ".$1");
}

/**
 * Split the API's field issues into those that belong to a field of the form and the rest
 * (e.g. `(body)`), which the form shows above the button.
 */
export function splitFieldIssues<T extends { field: string; message: string }>(issues: T[], isFormField: (path: string) => boolean) {
  const onFields: { path: string; message: string }[] = [];
  const general: string[] = [];
  for (const issue of issues) {
    const path = toFormPath(issue.field);
    if (isFormField(path)) onFields.push({ path, message: issue.message });
    else general.push(issue.field === "(body)" ? issue.message : `${issue.field}: ${issue.message}`);
  }
  return { onFields, general };
}
