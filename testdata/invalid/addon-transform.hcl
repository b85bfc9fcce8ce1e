app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}

environment "test" {
  addon "functions" {
    template = <<-EOT
      Transform: AWS::Serverless-2016-10-31
      Resources:
        Hello:
          Type: AWS::Serverless::Function
          Properties:
            Runtime: python3.12
            Handler: index.handler
            InlineCode: "def handler(event, context): return 'hello'"
    EOT
  }
  addon "rules" {
    template = "{\"Rules\": {}, \"Resources\": {\"Topic\": {\"Type\": \"AWS::SNS::Topic\"}}}"
  }
}
