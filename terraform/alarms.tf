# Queue health alarms, published to an SNS topic (e-mail subscriptions optional).

resource "aws_sns_topic" "alarms" {
  name = "${local.name}-alarms"
}

resource "aws_sns_topic_subscription" "alarm_email" {
  for_each = toset(var.alarm_emails)

  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = each.value
}

resource "aws_cloudwatch_metric_alarm" "dlq_not_empty" {
  alarm_name        = "${local.name}-partitions-dlq-not-empty"
  alarm_description = "Partition requests reached the dead-letter queue ${aws_sqs_queue.dlq.name}: they failed ${var.queue_max_receive_count} deliveries. Inspect them, fix the cause, then redrive or restart the job."

  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.dlq.name }
  statistic           = "Maximum"
  period              = var.alarm_period_seconds
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"

  alarm_actions = [aws_sns_topic.alarms.arn]
  ok_actions    = [aws_sns_topic.alarms.arn]
}

resource "aws_cloudwatch_metric_alarm" "queue_oldest_message_age" {
  alarm_name        = "${local.name}-partitions-oldest-message-age"
  alarm_description = "The oldest partition request in ${aws_sqs_queue.partitions.name} has waited more than ${var.queue_oldest_message_age_threshold_seconds} s: the fleet is not consuming (ASG at 0, workers failing to start, spot capacity unavailable)."

  namespace           = "AWS/SQS"
  metric_name         = "ApproximateAgeOfOldestMessage"
  dimensions          = { QueueName = aws_sqs_queue.partitions.name }
  statistic           = "Maximum"
  period              = var.alarm_period_seconds
  evaluation_periods  = 2
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.queue_oldest_message_age_threshold_seconds
  treat_missing_data  = "notBreaching"

  alarm_actions = [aws_sns_topic.alarms.arn]
  ok_actions    = [aws_sns_topic.alarms.arn]
}
