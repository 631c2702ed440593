import { lambdaAppSpec } from '../../../../src/serving/lambda/release/app-spec';

describe('lambdaAppSpec', () => {
  it('is the Lambda AppSpec CodeDeploy expects, with version 0.0', () => {
    expect(lambdaAppSpec('fn', 'live', '1', '2')).toBe(
      '{"version":0.0,"Resources":[{"fn":{"Type":"AWS::Lambda::Function","Properties":{"Name":"fn","Alias":"live","CurrentVersion":"1","TargetVersion":"2"}}}]}',
    );
  });
});
