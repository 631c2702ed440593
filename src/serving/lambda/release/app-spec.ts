// The AppSpec CodeDeploy needs to shift a Lambda alias.

/**
 * The AppSpec of a Lambda deployment: shift `aliasName` of `functionName` from
 * `currentVersion` to `targetVersion`.
 */
export function lambdaAppSpec(
  functionName: string,
  aliasName: string,
  currentVersion: string,
  targetVersion: string,
): string {
  const spec = {
    version: '__APPSPEC_VERSION__',
    Resources: [
      {
        [functionName]: {
          Type: 'AWS::Lambda::Function',
          Properties: {
            Name: functionName,
            Alias: aliasName,
            CurrentVersion: currentVersion,
            TargetVersion: targetVersion,
          },
        },
      },
    ],
  };
  // the AppSpec's version is the number 0.0, which JSON.stringify would write as 0
  return JSON.stringify(spec).replace('"__APPSPEC_VERSION__"', '0.0');
}
