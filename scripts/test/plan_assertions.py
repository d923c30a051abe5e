#!/usr/bin/env python3
"""Checks the requirements of terraform/ against a plan in JSON (terraform show -json).

Usage: plan_assertions.py PLAN_JSON   (made by scripts/terraform-check.sh --plan-json FILE)
Prints one line per failed check and exits 1 if any failed.
"""
import json
import sys

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def main(path):
    with open(path) as f:
        plan = json.load(f)

    values = {r["address"]: r.get("values", {}) for r in plan["planned_values"]["root_module"].get("resources", [])}
    config = {r["address"]: r for r in plan["configuration"]["root_module"].get("resources", [])}

    def v(address):
        check(address in values, f"{address} is not planned")
        return values.get(address, {})

    # --- provider and variables --------------------------------------------------------------
    provider = plan["configuration"]["provider_config"]["aws"]
    check(provider.get("version_constraint") == "~> 5.100", "aws provider must be pinned ~> 5.100")
    for name in plan["configuration"]["root_module"].get("variables", {}):
        check("password" not in name.lower(), f"variable {name} looks like a password variable")
    for name, var in plan["configuration"]["root_module"].get("variables", {}).items():
        check(var.get("description"), f"variable {name} has no description")

    # --- queue ------------------------------------------------------------------------------
    q = v("aws_sqs_queue.partitions")
    check(q.get("visibility_timeout_seconds") == 300, "queue visibility timeout default 300")
    check(q.get("sqs_managed_sse_enabled") is True, "queue encrypted")
    dlq = v("aws_sqs_queue.dlq")
    check(dlq.get("message_retention_seconds") == 1209600, "DLQ keeps messages 14 days")
    redrive = config["aws_sqs_queue.partitions"]["expressions"].get("redrive_policy", {})
    check("var.queue_max_receive_count" in json.dumps(redrive), "redrive policy uses var.queue_max_receive_count")

    # --- database -----------------------------------------------------------------------------
    db = v("aws_db_instance.main")
    check(db.get("engine") == "postgres", "RDS engine postgres")
    check(str(db.get("engine_version", "")).startswith("15"), "RDS PostgreSQL 15")
    check(db.get("storage_encrypted") is True, "RDS storage encrypted")
    check(db.get("manage_master_user_password") is True, "RDS password managed in Secrets Manager")
    check(db.get("password") in (None, ""), "no plain RDS password")
    check(db.get("publicly_accessible") is False, "RDS not public")

    # --- bucket -------------------------------------------------------------------------------
    pab = v("aws_s3_bucket_public_access_block.artifacts")
    for key in ("block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"):
        check(pab.get(key) is True, f"bucket public access block {key}")
    ver = v("aws_s3_bucket_versioning.artifacts")
    check(ver.get("versioning_configuration", [{}])[0].get("status") == "Disabled", "bucket versioning off")
    sse = v("aws_s3_bucket_server_side_encryption_configuration.artifacts")
    check("AES256" in json.dumps(sse) or "aws:kms" in json.dumps(sse), "bucket encrypted")
    rules = {r["id"]: r for r in v("aws_s3_bucket_lifecycle_configuration.artifacts").get("rule", [])}
    runs = rules.get("expire-run-artifacts", {})
    check(runs.get("filter", [{}])[0].get("prefix") == "runs/", "runs/ lifecycle rule")
    check(runs.get("expiration", [{}])[0].get("days") == 30, "runs/ expire after 30 days by default")
    reports = rules.get("keep-reports", {})
    check(reports.get("filter", [{}])[0].get("prefix") == "reports/", "reports/ lifecycle rule")
    check(reports.get("transition", [{}])[0].get("storage_class") == "STANDARD_IA", "reports move to STANDARD_IA")
    check(not reports.get("expiration"), "reports kept forever by default")

    # --- workers ------------------------------------------------------------------------------
    lt = v("aws_launch_template.worker")
    check(lt.get("metadata_options", [{}])[0].get("http_tokens") == "required", "worker IMDSv2 required")
    check(lt.get("image_id") == plan["variables"]["worker_ami_id"]["value"], "worker AMI from worker_ami_id")
    asg = v("aws_autoscaling_group.workers")
    check(asg.get("min_size") == 0, "ASG min 0")
    check(asg.get("max_size") == 200, "ASG max max_hosts (200)")
    check(asg.get("capacity_rebalance") is True, "capacity rebalance on")
    mip = asg.get("mixed_instances_policy", [{}])[0]
    dist = mip.get("instances_distribution", [{}])[0]
    check(dist.get("spot_allocation_strategy") == "price-capacity-optimized", "spot price-capacity-optimized")
    check(dist.get("on_demand_base_capacity") == 0, "on_demand_base_capacity default 0")
    overrides = mip.get("launch_template", [{}])[0].get("override", [])
    check(len(overrides) >= 2, "several worker instance types")
    check(asg.get("initial_lifecycle_hook"), "termination drain hook")
    # lifecycle.ignore_changes is not in the plan JSON: checked in the source instead (terraform.bats).

    # --- manager ------------------------------------------------------------------------------
    mgr = v("aws_instance.manager")
    check(mgr.get("metadata_options", [{}])[0].get("http_tokens") == "required", "manager IMDSv2 required")
    check(mgr.get("root_block_device", [{}])[0].get("encrypted") is True, "manager root volume encrypted")
    check("aws_subnet.private" in json.dumps(config["aws_instance.manager"]["expressions"].get("subnet_id", {})),
          "manager in a private subnet")
    check("aws_iam_role_policy_attachment.manager_ssm" in values, "manager has SSM access")

    # --- IAM (statement expressions; ARNs are unknown until apply) ----------------------------
    def statements(address):
        return config[address]["expressions"].get("statement", [])

    def actions(stmt):
        return stmt.get("actions", {}).get("constant_value", [])

    worker_actions = [a for s in statements("data.aws_iam_policy_document.worker") for a in actions(s)]
    check(worker_actions, "worker policy has statements")
    check(not [a for a in worker_actions if a.startswith("sqs:Send")], "workers cannot send to any queue")
    check(not [a for a in worker_actions if a.endswith(":*") or a == "*"], "no wildcard actions for workers")
    allowed_worker = {
        "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes",
        "sqs:GetQueueUrl", "s3:PutObject", "s3:GetObject", "s3:AbortMultipartUpload",
        "secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret",
        "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams",
    }
    check(set(worker_actions) <= allowed_worker, f"unexpected worker actions: {set(worker_actions) - allowed_worker}")
    for s in statements("data.aws_iam_policy_document.worker"):
        check(s.get("resources", {}).get("constant_value") != ["*"], f"worker statement {s.get('sid')} on '*'")
    run_stmt = [s for s in statements("data.aws_iam_policy_document.worker")
                if "s3:PutObject" in actions(s)]
    check(run_stmt and "local.runs_objects" in json.dumps(run_stmt[0].get("resources")),
          "worker S3 access limited to runs/*")

    mgr_stmts = {s.get("sid", {}).get("constant_value"): s for s in statements("data.aws_iam_policy_document.manager")}
    scale = mgr_stmts.get("ScaleWorkerGroup", {})
    check(set(actions(scale)) == {"autoscaling:SetDesiredCapacity", "autoscaling:UpdateAutoScalingGroup"},
          "manager scale actions")
    check("aws_autoscaling_group.workers.arn" in scale.get("resources", {}).get("references", []),
          "manager scale actions scoped to the worker ASG")
    for sid, s in mgr_stmts.items():
        if s.get("resources", {}).get("constant_value") == ["*"]:
            check(all(":Describe" in a for a in actions(s)), f"manager statement {sid} on '*' must be Describe* only")
    check("sqs:SendMessage" in actions(mgr_stmts.get("SendPartitionRequests", {})), "manager sends to the queue")

    # --- alarms -------------------------------------------------------------------------------
    dlq_alarm = v("aws_cloudwatch_metric_alarm.dlq_not_empty")
    check(dlq_alarm.get("metric_name") == "ApproximateNumberOfMessagesVisible", "DLQ alarm metric")
    check(dlq_alarm.get("threshold") == 0 and dlq_alarm.get("comparison_operator") == "GreaterThanThreshold",
          "DLQ alarm > 0")
    age = v("aws_cloudwatch_metric_alarm.queue_oldest_message_age")
    check(age.get("metric_name") == "ApproximateAgeOfOldestMessage", "queue age alarm metric")
    check(age.get("threshold") == plan["variables"]["queue_oldest_message_age_threshold_seconds"]["value"],
          "queue age threshold from its variable")
    check(v("aws_sns_topic.alarms"), "SNS topic for alarms")

    # --- outputs ------------------------------------------------------------------------------
    for name in ("queue_url", "dlq_url", "bucket", "asg_name", "db_endpoint", "db_secret_arn", "manager_instance_id"):
        check(name in plan.get("output_changes", {}), f"output {name}")

    # --- worker image (build_worker_image) ------------------------------------------------------
    image_resources = [a for a in values if a.startswith("aws_imagebuilder_")]
    if plan["variables"]["build_worker_image"]["value"]:
        worker_image(plan, v)
    else:
        check(not image_resources, f"no Image Builder resources without build_worker_image: {image_resources}")

    for f in failures:
        print(f"FAIL: {f}")
    if failures:
        return 1
    print(f"ok: {len(values)} planned resources meet the requirements")
    return 0


def worker_image(plan, v):
    """build_worker_image=true: the pipeline that bakes the worker AMI, from the jar, the unit and the Harbor image."""
    variables = {name: var["value"] for name, var in plan["variables"].items()}
    version = variables["worker_image_version"]
    jar = v("aws_s3_object.worker_jar[0]")
    check(jar.get("key") == f"images/benchfleet-worker-{version}.jar", "worker jar uploaded under images/ by version")
    check(jar.get("source") == variables["worker_jar_source"], "worker jar uploaded from worker_jar_source")
    v("aws_imagebuilder_component.worker[0]")
    recipe = v("aws_imagebuilder_image_recipe.worker[0]")
    check(str(recipe.get("parent_image", "")).startswith("ami-"), "parent AMI resolved from its SSM parameter")
    check(recipe.get("version") == version, "recipe version worker_image_version")
    ebs = recipe.get("block_device_mapping", [{}])[0].get("ebs", [{}])[0]
    check(str(ebs.get("encrypted")).lower() == "true", "image root volume encrypted")
    infra = v("aws_imagebuilder_infrastructure_configuration.worker[0]")
    check(infra.get("instance_metadata_options", [{}])[0].get("http_tokens") == "required", "build host IMDSv2")
    check(infra.get("terminate_instance_on_failure") is True, "a failed build leaves no instance")
    ami = v("aws_imagebuilder_distribution_configuration.worker[0]").get("distribution", [{}])[0] \
        .get("ami_distribution_configuration", [{}])[0]
    check(f"-worker-{version}-" in ami.get("name", ""), "AMI named after worker_image_version")
    check(ami.get("ami_tags", {}).get("HarborImage") == variables["harbor_image"], "AMI tagged with its Harbor image")
    pipeline = v("aws_imagebuilder_image_pipeline.worker[0]")
    check(pipeline.get("image_tests_configuration", [{}])[0].get("image_tests_enabled") is True, "image tests on")
    config = {r["address"]: r for r in plan["configuration"]["root_module"].get("resources", [])}
    builder = [a for s in config["data.aws_iam_policy_document.image_builder"]["expressions"].get("statement", [])
               for a in s.get("actions", {}).get("constant_value", [])]
    check(builder == ["s3:GetObject"], f"the build host reads the jar and nothing else: {builder}")
    check("worker_image_pipeline_arn" in plan.get("output_changes", {}), "output worker_image_pipeline_arn")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
