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

# Last line against a fleet paid for nothing: worker hosts in service while the partition queue has been empty
# (nothing visible, nothing in flight) for worker_idle_alarm_minutes. The fleet controller of any manager process
# (run, restart or serve) zeroes an idle group after benchfleet.fleet.control.idle-timeout, also after a manager
# crash once the next manager starts; this alarm catches the case where no manager is left to do it. The instances
# are protected from scale-in, so no scaling policy could remove them safely: the alarm tells a human, who starts
# `benchfleet serve` (its controller zeroes the idle group) or runs scripts/scale.sh down.
resource "aws_cloudwatch_metric_alarm" "workers_idle" {
  alarm_name          = "${local.name}-workers-idle"
  alarm_description   = "Worker hosts of ${local.asg_name} are in service while ${aws_sqs_queue.partitions.name} has had no partition (visible or in flight) for ${var.worker_idle_alarm_minutes} minutes: no manager zeroed the group. Start benchfleet serve or run scripts/scale.sh down."
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  evaluation_periods  = var.worker_idle_alarm_minutes
  datapoints_to_alarm = var.worker_idle_alarm_minutes
  treat_missing_data  = "notBreaching"

  metric_query {
    id          = "idle_hosts"
    expression  = "IF(visible + in_flight == 0, hosts, 0)"
    label       = "hosts in service with an empty queue"
    return_data = true
  }

  metric_query {
    id = "hosts"
    metric {
      namespace   = "AWS/AutoScaling"
      metric_name = "GroupInServiceInstances"
      dimensions  = { AutoScalingGroupName = local.asg_name }
      stat        = "Maximum"
      period      = 60
    }
  }

  metric_query {
    id = "visible"
    metric {
      namespace   = "AWS/SQS"
      metric_name = "ApproximateNumberOfMessagesVisible"
      dimensions  = { QueueName = aws_sqs_queue.partitions.name }
      stat        = "Maximum"
      period      = 60
    }
  }

  metric_query {
    id = "in_flight"
    metric {
      namespace   = "AWS/SQS"
      metric_name = "ApproximateNumberOfMessagesNotVisible"
      dimensions  = { QueueName = aws_sqs_queue.partitions.name }
      stat        = "Maximum"
      period      = 60
    }
  }

  alarm_actions = [aws_sns_topic.alarms.arn]
  ok_actions    = [aws_sns_topic.alarms.arn]
}
